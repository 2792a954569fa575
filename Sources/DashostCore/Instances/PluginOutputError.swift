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

/// The value every output buffer holds before a plugin writes it: a signalling-NaN bit pattern no
/// computation produces, so a value the plugin left untouched is told apart from one it computed.
enum Unwritten {
    static let bitPattern: UInt64 = 0x7FF4_0DA5_0B0B_0B0B
    static let value = Double(bitPattern: bitPattern)

    /// Fills `count` values at `out` with the pattern.
    static func fill(_ out: UnsafeMutablePointer<Double>?, count: Int) {
        guard let out, count > 0 else { return }
        out.update(repeating: value, count: count)
    }

    static func isUnwritten(_ x: Double) -> Bool { x.bitPattern == bitPattern }
}

/// Checks that the `count` values at `values` were written and are finite; `what(i)` names value
/// `i` for the message.
func requireFinite(_ values: UnsafePointer<Double>, count: Int, plugin: String, operation: String,
                   what: (Int) -> String) throws {
    var bad = -1
    for i in 0..<count where !values[i].isFinite { bad = i; break }
    if bad >= 0 {
        let unwritten = (0..<count).filter { Unwritten.isUnwritten(values[$0]) }.count
        var detail = outputProblem(values[bad], what(bad), count: count, unwritten: unwritten)
        // How many, so a fix can be judged ("one NaN" and "every value" are different bugs).
        let written = (0..<count).filter { !values[$0].isFinite && !Unwritten.isUnwritten(values[$0]) }.count
        if !Unwritten.isUnwritten(values[bad]) { detail += ": \(written) of \(count) values are not finite" }
        throw PluginOutputError(plugin: plugin, operation: operation, detail: detail)
    }
}

/// "the score of row 3 of 10 was not written (4 of 10 values left untouched)" or "... is nan (must be finite)".
func outputProblem(_ value: Double, _ what: String, count: Int, unwritten: Int) -> String {
    Unwritten.isUnwritten(value)
        ? "\(what) was not written (\(unwritten) of \(count) values left untouched)"
        : "\(what) is \(value) (must be finite)"
}

/// Checks that `count` values are probabilities, naming the first row that is not.
func requireProbabilities(_ out: UnsafePointer<Double>, count: Int, plugin: String, operation: String) throws {
    for i in 0..<count where !(out[i] >= 0 && out[i] <= 1) {
        let detail = Unwritten.isUnwritten(out[i])
            ? outputProblem(out[i], "P(anomaly) of row \(i) of \(count)", count: count,
                            unwritten: (0..<count).filter { Unwritten.isUnwritten(out[$0]) }.count)
            : "P(anomaly) of row \(i) of \(count) is \(out[i]) (must be in [0, 1])"
        throw PluginOutputError(plugin: plugin, operation: operation, detail: detail)
    }
}
