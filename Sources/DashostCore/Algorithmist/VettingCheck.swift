/// One vetting check's outcome. `message` says what was measured and, when the check failed, what
/// was wrong and what was expected: it goes back to the LLM verbatim in repair rounds.
public struct VettingCheck: Codable, Sendable, Equatable {
    /// The check: `runs`, `shape_and_finite`, `deterministic`, `uses_score_callback`,
    /// `not_training_rows` or `hard` (see `PolicyVetter`).
    public let name: String
    public let passed: Bool
    public let message: String

    public init(name: String, passed: Bool, message: String) {
        self.name = name
        self.passed = passed
        self.message = message
    }
}
