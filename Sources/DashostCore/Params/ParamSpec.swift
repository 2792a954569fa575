import CDashostPlugin
import Foundation

/// One parameter of a plugin's schema, read from its `dashost_param_spec`.
public struct ParamSpec: Sendable {
    /// The key in a params object.
    public let name: String
    /// What the value must be.
    public let type: ParamType
    /// One line of documentation.
    public let doc: String
    /// The value used when the key is absent.
    public let defaultValue: ParamValue
    /// Inclusive bounds of a number (of every value, for weights); infinite when unbounded.
    public let minimum: Double, maximum: Double
    /// The allowed strings, or `nil` for any string.
    public let choices: [String]?

    /// A C schema entry's fields, unchecked (`init(checking:)` checks them).
    static func raw(_ c: dashost_param_spec) -> RawParamSpec {
        var choices: [String]?
        if Int32(bitPattern: c.type) == DASHOST_PARAM_STRING, var p = c.choices {
            choices = []
            while let s = p.pointee { choices!.append(String(cString: s)); p += 1 }
        }
        return RawParamSpec(name: c.name.map { String(cString: $0) }, typeCode: c.type, doc: c.doc.map { String(cString: $0) },
                            defaultLiteral: c.default_value.map { String(cString: $0) },
                            minimum: c.minimum, maximum: c.maximum, choices: choices)
    }

    /// This entry's fields again, as the library scanner sends them.
    var raw: RawParamSpec {
        RawParamSpec(name: name, typeCode: type.code, doc: doc, defaultLiteral: defaultValue.description,
                     minimum: minimum, maximum: maximum, choices: choices)
    }

    /// Checks a schema entry as the C struct gives it (NaN bounds mean unbounded), whether read from
    /// the library here or described by the library scanner.
    init(checking raw: RawParamSpec) throws {
        guard let name = raw.name, !name.isEmpty else { throw SchemaError("a parameter has no name") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw SchemaError("parameter name '\(name)' must match [A-Za-z0-9_]+")
        }
        guard let type = ParamType(code: raw.typeCode) else { throw SchemaError("parameter '\(name)' has unknown type \(raw.typeCode)") }
        let minimum = raw.minimum.isNaN ? -Double.infinity : raw.minimum
        let maximum = raw.maximum.isNaN ? Double.infinity : raw.maximum
        guard minimum <= maximum else { throw SchemaError("parameter '\(name)' has minimum \(minimum) above maximum \(maximum)") }
        let choices = type == .string ? raw.choices : nil
        guard let text = raw.defaultLiteral else { throw SchemaError("parameter '\(name)' has no default_value") }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            throw SchemaError("parameter '\(name)': default_value \(text) is not a JSON literal")
        }
        // Checked by the same rule as every given value, with a placeholder default.
        let draft = ParamSpec(name: name, type: type, doc: raw.doc ?? "", defaultValue: .bool(false),
                              minimum: minimum, maximum: maximum, choices: choices)
        do {
            self = ParamSpec(name: name, type: type, doc: draft.doc, defaultValue: try draft.value(of: parsed),
                             minimum: minimum, maximum: maximum, choices: choices)
        } catch let error as ParamsError {
            throw SchemaError("parameter '\(name)': default_value \(text) is invalid: \(error.detail)")
        }
    }

    private init(name: String, type: ParamType, doc: String, defaultValue: ParamValue, minimum: Double, maximum: Double,
                 choices: [String]?) {
        self.name = name; self.type = type; self.doc = doc; self.defaultValue = defaultValue
        self.minimum = minimum; self.maximum = maximum; self.choices = choices
    }

    /// The allowed values in words, for messages and `describe`.
    public var allowed: String {
        switch type {
        case .bool: return "true or false"
        case .string: return choices.map { "one of " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? "a string"
        case .int, .double, .weights:
            let what = type == .int ? "an integer" : type == .double ? "a number" : "an object of numbers"
            switch (minimum.isFinite, maximum.isFinite) {
            case (true, true): return "\(what) in \(JSONNumber.format(minimum))...\(JSONNumber.format(maximum))"
            case (true, false): return "\(what) >= \(JSONNumber.format(minimum))"
            case (false, true): return "\(what) <= \(JSONNumber.format(maximum))"
            case (false, false): return what
            }
        }
    }

    /// Checks one JSON value (as Foundation parsed it) against this spec.
    func value(of json: Any) throws -> ParamValue {
        switch type {
        case .bool:
            guard let b = JSONNumber.bool(json) else { throw ParamsError(name, "must be true or false, got \(Self.show(json))") }
            return .bool(b)
        case .int:
            guard let d = JSONNumber.double(json), d == d.rounded(), abs(d) < 9.0e15 else {
                throw ParamsError(name, "must be an integer, got \(Self.show(json))")
            }
            try inRange(d, name)
            return .int(Int64(d))
        case .double:
            guard let d = JSONNumber.double(json) else { throw ParamsError(name, "must be a finite number, got \(Self.show(json))") }
            try inRange(d, name)
            return .double(d)
        case .string:
            // A free-form string parameter may stand for a keyword or a number (scikit-learn's
            // `gamma`, `max_features`): a JSON number is handed over as its shortest exact text.
            if choices == nil, let n = JSONNumber.double(json) { return .string(JSONNumber.format(n)) }
            guard let s = json as? String else { throw ParamsError(name, "must be a string, got \(Self.show(json))") }
            if let choices, !choices.contains(s) {
                throw ParamsError(name, "is \"\(s)\", expected \(allowed)")
            }
            return .string(s)
        case .weights:
            guard let object = json as? [String: Any] else { throw ParamsError(name, "must be an object of numbers, got \(Self.show(json))") }
            var entries: [(key: String, value: Double)] = []
            for key in object.keys.sorted() {
                guard let d = JSONNumber.double(object[key]!) else {
                    throw ParamsError("\(name).\(key)", "must be a finite number, got \(Self.show(object[key]!))")
                }
                try inRange(d, "\(name).\(key)")
                entries.append((key, d))
            }
            return .weights(entries)
        }
    }

    private func inRange(_ d: Double, _ key: String) throws {
        guard d >= minimum, d <= maximum else { throw ParamsError(key, "= \(JSONNumber.format(d)) is out of range: expected \(allowed)") }
    }

    /// A JSON value as it appeared, for messages.
    static func show(_ json: Any) -> String {
        if let b = JSONNumber.bool(json) { return b ? "true" : "false" }
        if json is NSNull { return "null" }
        if let s = json as? String { return ParamValue.quoted(s) }
        if let data = try? JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(json)"
    }
}

/// A plugin's schema entry is malformed (reported by the loader, naming the library and plugin).
struct SchemaError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
