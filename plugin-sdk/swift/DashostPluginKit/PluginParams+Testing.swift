import Foundation

// Params for unit tests: a plugin's `init(params:seed:)` and the helpers that read params can be
// tested without a host. Values are what Foundation's JSONSerialization gives (or plain Swift
// values: Bool, Int, Double, String, [String: Any], NSNull). Absent keys and `null` take the
// default; each accessor checks the value's type and its own bounds, as it does with host values.
// What the host does in addition (rejecting keys outside the schema) is up to the test: see
// `unreadKeys`.

extension PluginParams {
    /// Params with the given values (unit tests).
    @_spi(Testing) public convenience init(testing values: [String: Any]) {
        self.init(source: .values(values, TestReads()))
    }

    /// Params parsed from a JSON object with `JSONSerialization` (unit tests); `""` means `{}`.
    ///
    /// Throws `DASHOST_ERR_BAD_PARAMS` for text that is not JSON or not an object.
    @_spi(Testing) public convenience init(testingJSON json: String) throws {
        let text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            self.init(testing: [:])
            return
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            throw PluginError.badParams("params are not valid JSON: \(text.prefix(200))")
        }
        guard let object = parsed as? [String: Any] else {
            throw PluginError.badParams("params must be a JSON object, got: \(text.prefix(200))")
        }
        self.init(testing: object)
    }

    /// The keys of testing params that no accessor has read so far, sorted (a key the host would
    /// reject as unknown once the schema is recorded from the same accessors). Empty in other modes.
    @_spi(Testing) public var unreadKeys: [String] {
        guard case .values(let values, let reads) = source else { return [] }
        return values.keys.filter { !reads.keys.contains($0) }.sorted()
    }
}

/// The keys testing params were asked for.
final class TestReads {
    private(set) var keys: Set<String> = []

    /// The value of `key`, or `nil` when absent or `null`; remembers that `key` was read.
    func value(_ values: [String: Any], _ key: String) -> Any? {
        keys.insert(key)
        guard let v = values[key], !(v is NSNull) else { return nil }
        return v
    }
}

/// Type checks of testing values.
enum TestValues {
    /// Whether `raw` is a JSON boolean: a Swift `Bool`, or the `NSNumber` JSONSerialization makes of
    /// `true`/`false` (type encoding `c`; `is Bool` alone also matches the numbers 0 and 1).
    static func boolean(_ raw: Any) -> Bool? {
        if type(of: raw) == Bool.self { return raw as? Bool }
        guard let n = raw as? NSNumber, String(cString: n.objCType) == "c" else { return nil }
        return n.boolValue
    }

    /// `raw` as a number, or a `DASHOST_ERR_BAD_PARAMS` naming `path` (e.g. `weights.classifier`).
    static func number(_ raw: Any, _ path: [String]) throws -> Double {
        guard boolean(raw) == nil, let n = raw as? NSNumber else {
            throw PluginError.badParams("parameter '\(path.joined(separator: "."))' must be a number, got \(raw)")
        }
        return n.doubleValue
    }
}
