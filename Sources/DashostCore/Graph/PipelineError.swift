/// A problem with a pipeline file or run, naming the file and the node at fault.
public struct PipelineError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public let description: String

    init(_ description: String) { self.description = description }

    /// An error about node `id`.
    static func node(_ id: String, _ message: String) -> PipelineError { PipelineError("node '\(id)': \(message)") }
}
