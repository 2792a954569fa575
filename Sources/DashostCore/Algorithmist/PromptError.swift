/// A problem with the prompt templates: a missing file, an unknown placeholder, a missing input.
/// The message names the template file, so a user editing `--prompt-dir` knows what to fix.
public struct PromptError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public let description: String

    init(_ description: String) { self.description = description }
}
