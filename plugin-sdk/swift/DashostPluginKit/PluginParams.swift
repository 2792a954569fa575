import Foundation

/// The JSON parameters a plugin instance is created with, read through typed accessors.
///
/// Every accessor names its key and default; after `init` the export thunk rejects any key no
/// accessor read, so a typo in a pipeline file is an error naming the key rather than a silently
/// ignored setting. The defaults read this way also become the descriptor's `default_params`.
public final class PluginParams {
    /// The text parsed (trimmed), kept to print offending values as before.
    private let text: String
    private let values: [String: ParamValue]
    private var consumed: Set<String> = []
    /// Whether the accessors record their defaults (for the descriptor's `default_params` only:
    /// boxing and storing each default cost every instance creation a dictionary of `Any`s).
    private let recordsDefaults: Bool
    private(set) var defaults: [String: Any] = [:]

    /// Parses a JSON object; anything else is a `DASHOST_ERR_BAD_PARAMS` error.
    public convenience init(json: String) throws {
        try self.init(json: json, recordingDefaults: false)
    }

    /// Parses a JSON object; with `recordingDefaults`, the accessors' defaults are kept for `defaultsJSON()`.
    init(json: String, recordingDefaults: Bool) throws {
        recordsDefaults = recordingDefaults
        let text = PluginParams.trimmed(json)
        self.text = text
        if text.isEmpty || text == "{}" {  // the common case, without a JSON parse
            values = [:]
            return
        }
        let parsed: ParamValue
        do {
            parsed = try ParamsJSONParser.parse(text)
        } catch {
            throw PluginError.badParams("params are not valid JSON: \(text.prefix(200))")
        }
        guard case let .object(object) = parsed else {
            throw PluginError.badParams("params must be a JSON object, got: \(text.prefix(200))")
        }
        values = object
    }

    /// `json` without leading and trailing whitespace and newlines (Foundation's Unicode set).
    /// Params almost always start with `{` and end with `}`: then there is nothing to trim, and
    /// Foundation's trimming (which cost as much as the parse) is skipped.
    private static func trimmed(_ json: String) -> String {
        func plain(_ byte: UInt8?) -> Bool {
            // Every non-ASCII whitespace character starts with a byte >= 0x80; ASCII's are 0x09...0x0D and space.
            guard let byte else { return false }
            return byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte)
        }
        if plain(json.utf8.first) && plain(json.utf8.last) { return json }
        return json.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func take(_ key: String, default value: @autoclosure () -> Any) -> ParamValue? {
        consumed.insert(key)
        if recordsDefaults { defaults[key] = value() }
        guard let v = values[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    private func number(_ path: [String], _ raw: ParamValue) throws -> Double {
        guard case let .number(n) = raw else {
            throw PluginError.badParams("parameter '\(path.joined(separator: "."))' must be a number, got \(describe(path))")
        }
        return n
    }

    /// The value at `path` as the messages have always printed it: the description of the object
    /// JSONSerialization makes of it (`1` for `true`, `["a": 1]` for an object). Only on errors.
    private func describe(_ path: [String]) -> String {
        var value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        for key in path { value = (value as? [String: Any])?[key] }
        return value.map { "\($0)" } ?? "?"
    }

    /// A real number in `range` (inclusive), or `defaultValue` when absent.
    public func double(_ key: String, default defaultValue: Double,
                       in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        let v = try number([key], raw)
        guard v.isFinite, range.contains(v) else {
            throw PluginError.badParams("parameter '\(key)' = \(v) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// An integer in `range` (inclusive), or `defaultValue` when absent. `3.0` is accepted, `3.5` is not.
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        let v = try number([key], raw)
        guard v.isFinite, v == v.rounded(), abs(v) < 9.0e15 else {
            throw PluginError.badParams("parameter '\(key)' must be an integer, got \(v)")
        }
        let i = Int(v)
        guard range.contains(i) else {
            throw PluginError.badParams("parameter '\(key)' = \(i) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return i
    }

    /// A boolean, or `defaultValue` when absent.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        guard case let .bool(b) = raw else {
            throw PluginError.badParams("parameter '\(key)' must be true or false, got \(describe([key]))")
        }
        return b
    }

    /// A string, or `defaultValue` when absent.
    public func string(_ key: String, default defaultValue: String) throws -> String {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        guard case let .string(s) = raw else { throw PluginError.badParams("parameter '\(key)' must be a string, got \(describe([key]))") }
        return s
    }

    /// One of a fixed set of strings, or `defaultValue` when absent.
    public func choice(_ key: String, default defaultValue: String, among allowed: [String]) throws -> String {
        let s = try string(key, default: defaultValue)
        guard allowed.contains(s) else {
            throw PluginError.badParams("parameter '\(key)' = \"\(s)\" is not one of \(allowed.joined(separator: ", "))")
        }
        return s
    }

    /// A JSON object of numbers keyed by name (e.g. fusion weights), or `defaultValue` when absent.
    public func doubles(_ key: String, default defaultValue: [String: Double]) throws -> [String: Double] {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        guard case let .object(object) = raw else {
            throw PluginError.badParams("parameter '\(key)' must be an object of numbers")
        }
        var out: [String: Double] = [:]
        for (name, value) in object {
            let v = try number([key, name], value)
            guard v.isFinite else { throw PluginError.badParams("parameter '\(key).\(name)' must be finite") }
            out[name] = v
        }
        return out
    }

    /// Throws naming the first key no accessor read.
    func rejectUnknownKeys() throws {
        let unknown = values.keys.filter { !consumed.contains($0) }.sorted()
        if let first = unknown.first {
            let known = consumed.sorted().joined(separator: ", ")
            throw PluginError.badParams("unknown parameter '\(first)' (known: \(known.isEmpty ? "none" : known))")
        }
    }

    /// The defaults read so far, as a JSON object with sorted keys.
    func defaultsJSON() -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: defaults, options: [.sortedKeys]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}

