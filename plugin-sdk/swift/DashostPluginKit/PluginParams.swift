import Foundation

/// The JSON parameters a plugin instance is created with, read through typed accessors.
///
/// Every accessor names its key and default; after `init` the export thunk rejects any key no
/// accessor read, so a typo in a pipeline file is an error naming the key rather than a silently
/// ignored setting. The defaults read this way also become the descriptor's `default_params`.
public final class PluginParams {
    private let values: [String: Any]
    private var consumed: Set<String> = []
    private(set) var defaults: [String: Any] = [:]

    /// Parses a JSON object; anything else is a `DASHOST_ERR_BAD_PARAMS` error.
    public init(json: String) throws {
        let text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text == "{}" {  // the common case, without a JSON parse
            values = [:]
            return
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw PluginError.badParams("params are not valid JSON: \(text.prefix(200))")
        }
        guard let object = parsed as? [String: Any] else {
            throw PluginError.badParams("params must be a JSON object, got: \(text.prefix(200))")
        }
        values = object
    }

    private func take(_ key: String, default value: Any) -> Any? {
        consumed.insert(key)
        defaults[key] = value
        guard let v = values[key], !(v is NSNull) else { return nil }
        return v
    }

    private func number(_ key: String, _ raw: Any) throws -> Double {
        // JSONSerialization gives NSNumber for both numbers and booleans; refuse booleans here.
        guard let n = raw as? NSNumber, !isJSONBoolean(n) else {
            throw PluginError.badParams("parameter '\(key)' must be a number, got \(raw)")
        }
        return n.doubleValue
    }

    /// A real number in `range` (inclusive), or `defaultValue` when absent.
    public func double(_ key: String, default defaultValue: Double,
                       in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        let v = try number(key, raw)
        guard v.isFinite, range.contains(v) else {
            throw PluginError.badParams("parameter '\(key)' = \(v) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// An integer in `range` (inclusive), or `defaultValue` when absent. `3.0` is accepted, `3.5` is not.
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        let v = try number(key, raw)
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
        guard let n = raw as? NSNumber, isJSONBoolean(n) else {
            throw PluginError.badParams("parameter '\(key)' must be true or false, got \(raw)")
        }
        return n.boolValue
    }

    /// A string, or `defaultValue` when absent.
    public func string(_ key: String, default defaultValue: String) throws -> String {
        guard let raw = take(key, default: defaultValue) else { return defaultValue }
        guard let s = raw as? String else { throw PluginError.badParams("parameter '\(key)' must be a string, got \(raw)") }
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
        guard let object = raw as? [String: Any] else {
            throw PluginError.badParams("parameter '\(key)' must be an object of numbers")
        }
        var out: [String: Double] = [:]
        for (name, value) in object {
            let v = try number("\(key).\(name)", value)
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

/// JSONSerialization returns booleans as NSNumber too; they are the ones whose type encoding is `c`.
private func isJSONBoolean(_ n: NSNumber) -> Bool {
    String(cString: n.objCType) == "c"
}
