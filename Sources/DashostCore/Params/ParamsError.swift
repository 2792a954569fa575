/// A params value a plugin's schema does not allow; the host reports it before `create`.
public struct ParamsError: Error, CustomStringConvertible, Equatable {
    /// The key at fault (`weights.detector` inside an object), or empty for the whole object.
    public let key: String
    /// What is wrong with it.
    public let detail: String

    init(_ key: String, _ detail: String) {
        self.key = key
        self.detail = detail
    }

    public var description: String { key.isEmpty ? detail : "parameter '\(key)' \(detail)" }
}
