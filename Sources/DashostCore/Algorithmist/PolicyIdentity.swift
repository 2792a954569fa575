/// What the host declares for a policy it builds or installs: the registered name, and the summary
/// and prose description `dashost plugins` and `describe` show.
public struct PolicyIdentity: Sendable, Equatable {
    /// The registered name, `[a-z0-9_.-]+`: `<detector>_<tag>_<N>` for installed policies (`PolicyStore.name`).
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
}
