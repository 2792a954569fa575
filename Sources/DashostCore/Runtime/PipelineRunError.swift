/// A run in which some nodes failed: each failure (its node's error), the nodes that did not run
/// because they depend on a failed one, and the files the independent branches wrote.
public struct PipelineRunError: Error, CustomStringConvertible {
    /// The failed nodes and their errors, in the order they failed.
    public let failures: [(node: String, error: Error)]
    /// Nodes not run because an input of theirs failed.
    public let skipped: [String]
    /// Files written by the branches that completed.
    public let written: [String]

    /// The first failure's message (one failing node reads as before), then the others, what was
    /// skipped and what was written.
    public var description: String {
        var text = "\(failures[0].error)"
        for other in failures.dropFirst() { text += "; also \(other.error)" }
        if !skipped.isEmpty { text += "; not run, as they depend on a failed node: \(skipped.joined(separator: ", "))" }
        if !written.isEmpty { text += "; the branches that completed wrote \(written.joined(separator: ", "))" }
        return text
    }
}
