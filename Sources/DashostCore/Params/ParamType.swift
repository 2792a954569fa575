import CDashostPlugin

/// The type of one plugin parameter (`DASHOST_PARAM_*`).
public enum ParamType: String, Sendable {
    case bool, int, double, string, weights

    /// The type a C schema entry declares, or `nil` for a code this host does not know.
    init?(code: UInt32) {
        switch Int32(bitPattern: code) {
        case DASHOST_PARAM_BOOL: self = .bool
        case DASHOST_PARAM_INT: self = .int
        case DASHOST_PARAM_DOUBLE: self = .double
        case DASHOST_PARAM_STRING: self = .string
        case DASHOST_PARAM_WEIGHTS: self = .weights
        default: return nil
        }
    }

    /// The `DASHOST_PARAM_*` code.
    var code: UInt32 {
        switch self {
        case .bool: return UInt32(bitPattern: DASHOST_PARAM_BOOL)
        case .int: return UInt32(bitPattern: DASHOST_PARAM_INT)
        case .double: return UInt32(bitPattern: DASHOST_PARAM_DOUBLE)
        case .string: return UInt32(bitPattern: DASHOST_PARAM_STRING)
        case .weights: return UInt32(bitPattern: DASHOST_PARAM_WEIGHTS)
        }
    }

    /// Whether `minimum` / `maximum` apply (to the value, or to every value of a weights object).
    var isNumeric: Bool { self == .int || self == .double || self == .weights }
}
