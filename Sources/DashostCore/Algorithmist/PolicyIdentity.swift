/// What the host declares for a policy it builds or installs: the registered name, and the summary
/// and prose description `dashost plugins` and `describe` show.
public struct PolicyIdentity: Sendable, Equatable {
    /// The registered name, `[a-z0-9_.-]+`: `<detector>_policy_<N>` for installed policies.
    public let name: String
    /// One line.
    public let summary: String
    /// The policy in prose (the reply's policy part), or "".
    public let description: String

    public init(name: String, summary: String, description: String) {
        self.name = name
        self.summary = summary
        self.description = description
    }

    /// The name of installed policy number `number` of `detector`.
    public static func installedName(detector: String, number: Int) -> String { "\(detector)_policy_\(number)" }
}
