/// A plugin returned OK but its output breaks the contract (a non-finite score, a probability
/// outside [0, 1], a synthetic value that is NaN, a callback failure it ignored). The message names
/// the plugin, the operation and a row index its author can use; the pipeline adds the node.
public struct PluginOutputError: Error, CustomStringConvertible, Sendable {
    /// The plugin's name.
    public let plugin: String
    /// The operation, e.g. "score", "generate".
    public let operation: String
    /// What is wrong, e.g. "score of row 12 of 150 is nan".
    public let detail: String

    public var description: String { "plugin '\(plugin)' \(operation) returned OK but \(detail)" }
}

/// Checks that the `count` values at `values` are finite; `what(i)` names value `i` for the message.
func requireFinite(_ values: UnsafePointer<Double>, count: Int, plugin: String, operation: String,
                   what: (Int) -> String) throws {
    var bad = -1
    for i in 0..<count where !values[i].isFinite { bad = i; break }
    if bad >= 0 {
        throw PluginOutputError(plugin: plugin, operation: operation, detail: "\(what(bad)) is \(values[bad]) (must be finite)")
    }
}
