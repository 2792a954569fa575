/// A reply without a usable code block. The message is fed back to the LLM in the repair round, so it
/// says what was expected, not only what went wrong.
public struct PolicyReplyError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public let description: String

    init(_ description: String) { self.description = description }
}
