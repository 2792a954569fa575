import CDashostPlugin
import Foundation

/// A live detector plugin instance: create, fit, score, destroyed when released.
public final class DetectorInstance: PluginInstance<dashost_detector_api>, Detector, @unchecked Sendable {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ plugin: Plugin, params: String = "{}", seed: UInt64) throws {
        try super.init(plugin, kind: .detector, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Fits on the rows of `X`.
    public func fit(_ X: DataMatrix) throws {
        try X.withCMatrix { m in try serialised { try callPlugin(name, "fit") { api.fit!(handle, m, $0) } } }
    }

    /// Scores the rows of `X` (higher = more anomalous); a non-finite score is an error naming the row.
    public func score(_ X: DataMatrix) throws -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        try out.withUnsafeMutableBufferPointer { try score(X, into: $0.baseAddress) }
        return out
    }

    /// Scores into a caller-owned buffer of at least `X.rows` values.
    func score(_ X: DataMatrix, into out: UnsafeMutablePointer<Double>?) throws {
        Unwritten.fill(out, count: X.rows)
        try X.withCMatrix { m in try serialised { try callPlugin(name, "score") { api.score!(handle, m, out, $0) } } }
        if let out {
            try requireFinite(out, count: X.rows, plugin: name, operation: "score") { "the score of row \($0) of \(X.rows)" }
        }
    }

    /// The detector's leave-self-out scores of its training rows (`DASHOST_EXT_TRAINING_SCORES`),
    /// or `nil` when the plugin does not offer them (then `score(train)` is the reference).
    public func trainingScores(rows: Int) throws -> [Double]? {
        var out = [Double](repeating: 0, count: rows)
        let offered = try out.withUnsafeMutableBufferPointer { try trainingScores(into: $0.baseAddress!, rows: rows) }
        return offered ? out : nil
    }

    /// Writes the training scores into a caller-owned buffer of `rows` values; false when not offered.
    func trainingScores(into out: UnsafeMutablePointer<Double>, rows: Int) throws -> Bool {
        guard let raw = extensionTable(api.get_extension, DASHOST_EXT_TRAINING_SCORES) else { return false }
        let ext = raw.load(as: dashost_training_scores_ext.self)
        guard ext.struct_size >= UInt32(MemoryLayout<dashost_training_scores_ext>.size), let fn = ext.training_scores else { return false }
        Unwritten.fill(out, count: rows)
        try serialised { try callPlugin(name, "training_scores") { fn(handle, out, UInt64(rows), $0) } }
        try requireFinite(out, count: rows, plugin: name, operation: "training_scores") { "the training score of row \($0) of \(rows)" }
        return true
    }

    /// The scores of the training rows, kept for the policy's score callback.
    private let remembered = RememberedScores()

    /// Keeps `scores`, this instance's `score(rows)`, so that a policy asking for the scores of the
    /// same rows (bit for bit) gets them without another call into the plugin.
    public func remember(scores: [Double], of rows: DataMatrix) { remembered.keep(scores: scores, of: rows) }

    /// Scores the rows of `X` the way a policy's score callback does: remembered rows from memory,
    /// any others by the plugin.
    public func scoreForPolicy(_ X: DataMatrix) throws -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        try out.withUnsafeMutableBufferPointer { o in
            if !X.withCMatrix({ m in remembered.recall(m, into: o.baseAddress) }) { try score(X, into: o.baseAddress) }
        }
        return out
    }

    /// Serves one call of a policy's score callback: remembered rows from memory (scores are per row
    /// and deterministic, the detector contract `dashost check` tests), any others by the plugin,
    /// one call at a time. A non-finite score fails the callback with a message naming this detector.
    public func scoreForCallback(_ X: dashost_matrix, _ out: UnsafeMutablePointer<Double>?,
                                 _ err: UnsafeMutablePointer<dashost_error>?) -> dashost_status {
        serialised {
            if remembered.recall(X, into: out) { return DASHOST_OK }
            Unwritten.fill(out, count: Int(X.rows))
            let status = api.score!(handle, X, out, err)
            guard status == DASHOST_OK, let out else { return status }
            do {
                try requireFinite(out, count: Int(X.rows), plugin: name, operation: "score") { "the score of row \($0) of \(X.rows)" }
            } catch {
                return dashost_error_set_message(err, DASHOST_ERR_INTERNAL, "\(error)")
            }
            return DASHOST_OK
        }
    }
}

/// Writes `message` into a host-owned error buffer (truncated to its capacity) and returns `status`.
func dashost_error_set_message(_ err: UnsafeMutablePointer<dashost_error>?, _ status: dashost_status, _ message: String) -> dashost_status {
    guard let err else { return status }
    withUnsafeMutableBytes(of: &err.pointee.message) { raw in
        let bytes = Array(message.utf8.prefix(raw.count - 1))
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    return status
}
