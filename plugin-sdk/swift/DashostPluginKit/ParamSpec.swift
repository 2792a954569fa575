import CDashostPlugin

/// One entry of a plugin's parameter schema, the Swift form of `dashost_param_spec`.
///
/// Recorded by the export from the accessors a plugin's `init(params:seed:)` calls (see
/// `PluginParams`), in the order they are first called; the host validates params against it.
public struct ParamSpec: Equatable {
    /// The JSON type of a parameter: one of the header's `DASHOST_PARAM_*`.
    public enum ValueType: Equatable {
        /// `true` / `false` (`DASHOST_PARAM_BOOL`).
        case bool
        /// An integer (`DASHOST_PARAM_INT`).
        case int
        /// A finite number (`DASHOST_PARAM_DOUBLE`).
        case double
        /// A string, possibly one of `choices` (`DASHOST_PARAM_STRING`).
        case string
        /// An object of finite numbers keyed by name (`DASHOST_PARAM_WEIGHTS`).
        case weights

        /// The `DASHOST_PARAM_*` value.
        public var cValue: UInt32 {
            switch self {
            case .bool: return UInt32(DASHOST_PARAM_BOOL)
            case .int: return UInt32(DASHOST_PARAM_INT)
            case .double: return UInt32(DASHOST_PARAM_DOUBLE)
            case .string: return UInt32(DASHOST_PARAM_STRING)
            case .weights: return UInt32(DASHOST_PARAM_WEIGHTS)
            }
        }
    }

    /// The key, `[a-z0-9_]+`.
    public let name: String
    /// The JSON type.
    public let type: ValueType
    /// One line: what the parameter does.
    public let doc: String
    /// The default as a JSON literal: `20`, `0.5`, `true`, `"auto"`, `{}`.
    public let defaultValue: String
    /// Inclusive lower bound of an int, double or weight; `-infinity` when unbounded.
    public let minimum: Double
    /// Inclusive upper bound of an int, double or weight; `infinity` when unbounded.
    public let maximum: Double
    /// The allowed values of a string parameter, or `nil` for any string.
    public let choices: [String]?

    /// Creates a schema entry.
    public init(name: String, type: ValueType, doc: String, defaultValue: String,
                minimum: Double = -.infinity, maximum: Double = .infinity, choices: [String]? = nil) {
        self.name = name
        self.type = type
        self.doc = doc
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
    }

    /// A C copy, allocated once and never freed (descriptors live until the library is unloaded).
    func leakedCValue() -> UnsafePointer<dashost_param_spec> {
        var spec = dashost_param_spec()
        spec.struct_size = UInt32(MemoryLayout<dashost_param_spec>.size)
        spec.type = type.cValue
        spec.name = leakedCString(name)
        spec.doc = leakedCString(doc)
        spec.default_value = leakedCString(defaultValue)
        spec.minimum = minimum
        spec.maximum = maximum
        spec.choices = choices.map { leakedCStringList($0) }
        return UnsafePointer(leak(spec))
    }
}

/// A JSON literal for a default value: the number as Swift prints it (`0.001`, `1e-12`, `1.0`),
/// strings quoted and escaped, weights as an object with sorted keys.
enum JSONLiteral {
    /// A finite number (the callers check), as Swift prints it: always a valid JSON number.
    static func number(_ value: Double) -> String {
        "\(value)"
    }

    /// A JSON string with `"`, `\\` and control characters escaped.
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON object of finite numbers, keys sorted.
    static func object(_ values: [String: Double]) -> String {
        "{" + values.keys.sorted().map { "\(string($0)): \(number(values[$0]!))" }.joined(separator: ", ") + "}"
    }
}
