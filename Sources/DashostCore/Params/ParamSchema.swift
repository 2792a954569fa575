import Foundation

/// A plugin's parameters: the schema its descriptor declares, and the one check of a params object
/// against it (before `create`, when a pipeline is validated, and when `dashost plugins` lists a
/// registry entry's params).
public struct ParamSchema: Sendable {
    /// The parameters in declaration order.
    public let specs: [ParamSpec]
    private let byName: [String: Int]

    @_spi(Testing) public init(_ specs: [ParamSpec]) throws {
        var byName: [String: Int] = [:]
        for (i, spec) in specs.enumerated() {
            guard byName[spec.name] == nil else { throw SchemaError("parameter '\(spec.name)' is declared twice") }
            byName[spec.name] = i
        }
        self.specs = specs
        self.byName = byName
    }

    /// The spec of `name`, if declared.
    public func spec(_ name: String) -> ParamSpec? { byName[name].map { specs[$0] } }

    /// Every parameter at its default.
    public var defaults: ValidatedParams {
        ValidatedParams(values: Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0.defaultValue) }))
    }

    /// The defaults as a JSON object with sorted keys.
    public var defaultsJSON: String { defaults.json }

    /// Parses `json` (a JSON object) and checks every key against the schema: unknown keys, wrong
    /// types, numbers out of range and strings not among the choices are errors naming the key;
    /// absent keys (and `null`) take their defaults.
    public func validate(_ json: String) throws -> ValidatedParams {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        var object: [String: Any] = [:]
        if !trimmed.isEmpty && trimmed != "{}" {
            let parsed: Any
            do { parsed = try JSONDocument.parse(trimmed, source: "params") } catch let error as JSONSyntaxError {
                throw ParamsError("", "params are not valid JSON: line \(error.line), column \(error.column): \(error.message): \(trimmed.prefix(200))")
            }
            guard let dict = parsed as? [String: Any] else {
                throw ParamsError("", "params must be a JSON object, got: \(trimmed.prefix(200))")
            }
            object = dict
        }
        var values = defaults.values
        for key in object.keys.sorted() {
            guard let spec = spec(key) else {
                let known = specs.map(\.name).joined(separator: ", ")
                throw ParamsError("", "unknown parameter '\(key)' (known: \(known.isEmpty ? "none" : known))")
            }
            if object[key] is NSNull { continue }
            values[key] = try spec.value(of: object[key]!)
        }
        return ValidatedParams(values: values)
    }
}

/// A params object that passed its plugin's schema, every parameter present.
public struct ValidatedParams: Sendable, Equatable {
    /// Every parameter's value.
    public let values: [String: ParamValue]

    /// The params as a JSON object with sorted keys.
    public var json: String {
        let object = values.mapValues(\.jsonObject)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
