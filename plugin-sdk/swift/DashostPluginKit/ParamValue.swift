import Foundation

/// One parsed JSON value of a plugin's params, as `PluginParams` reads it.
enum ParamValue {
    case null
    case bool(Bool)
    /// A number as `JSONSerialization` gives it (`NSNumber.doubleValue`).
    case number(Double)
    case string(String)
    case array([ParamValue])
    case object([String: ParamValue])

    /// The value of a `JSONSerialization` result (for the input the hand-written parser hands over).
    init(foundation value: Any) {
        switch value {
        case let n as NSNumber where String(cString: n.objCType) == "c":
            // JSONSerialization gives booleans as NSNumber too; they are the ones whose type encoding is `c`.
            self = .bool(n.boolValue)
        case let n as NSNumber: self = .number(n.doubleValue)
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(a.map(ParamValue.init(foundation:)))
        case let o as [String: Any]: self = .object(o.mapValues(ParamValue.init(foundation:)))
        default: self = .null
        }
    }
}
