import Foundation

/// One validated parameter value, as the host hands it to a plugin through the `param_*` getters.
public enum ParamValue: Equatable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    /// A weights object, sorted by key (the order `param_weights_entry` enumerates).
    case weights([(key: String, value: Double)])

    public static func == (a: ParamValue, b: ParamValue) -> Bool {
        switch (a, b) {
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.weights(x), .weights(y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: return false
        }
    }

    /// The value as a JSON literal.
    public var description: String {
        switch self {
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return "\(i)"
        case let .double(d): return JSONNumber.format(d)
        case let .string(s): return ParamValue.quoted(s)
        case let .weights(w): return "{" + w.map { "\(ParamValue.quoted($0.key)): \(JSONNumber.format($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as a Foundation JSON object, for re-serialising merged params.
    var jsonObject: Any {
        switch self {
        case let .bool(b): return b
        case let .int(i): return i
        case let .double(d): return d
        case let .string(s): return s
        case let .weights(w): return Dictionary(uniqueKeysWithValues: w.map { ($0.key, $0.value) })
        }
    }

    static func quoted(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed])) ?? Data("[\"?\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
