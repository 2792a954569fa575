import CDashostPlugin
import Foundation

/// A live detector plugin instance: create, fit, score, destroyed when released.
public final class DetectorInstance: PluginInstance<dashost_detector_api> {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ library: PluginLibrary, params: String = "{}", seed: UInt64) throws {
        try super.init(library, kind: .detector, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Fits on the rows of `X`.
    public func fit(_ X: DataMatrix) throws {
        try X.withCMatrix { m in try callPlugin(library.name, "fit") { api.fit!(handle, m, $0) } }
    }

    /// Scores the rows of `X` (higher = more anomalous).
    public func score(_ X: DataMatrix) throws -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        try out.withUnsafeMutableBufferPointer { try score(X, into: $0.baseAddress) }
        return out
    }

    /// Scores into a caller-owned buffer of at least `X.rows` values.
    func score(_ X: DataMatrix, into out: UnsafeMutablePointer<Double>?) throws {
        try X.withCMatrix { m in try callPlugin(library.name, "score") { api.score!(handle, m, out, $0) } }
    }

    /// The detector's leave-self-out scores of its training rows (`DASHOST_EXT_TRAINING_SCORES`),
    /// or `nil` when the plugin does not offer them (then `score(train)` is the reference).
    public func trainingScores(rows: Int) throws -> [Double]? {
        guard let lookup = api.get_extension, let raw = lookup(DASHOST_EXT_TRAINING_SCORES) else { return nil }
        let ext = raw.load(as: dashost_training_scores_ext.self)
        guard let fn = ext.training_scores else { return nil }
        var out = [Double](repeating: 0, count: rows)
        try out.withUnsafeMutableBufferPointer { o in
            try callPlugin(library.name, "training_scores") { fn(handle, o.baseAddress, UInt64(rows), $0) }
        }
        return out
    }

    /// Scores this instance already computed for one matrix (its training rows, as the pipeline's
    /// reference): a policy's first step is to score the training rows again, and the answer is known.
    private var remembered: (rows: DataMatrix, scores: [Double])?

    /// Keeps `scores`, this instance's `score(rows)`, so that a policy asking for the scores of the
    /// same rows (bit for bit) gets them without another call into the plugin.
    public func remember(scores: [Double], of rows: DataMatrix) {
        precondition(scores.count == rows.rows, "DetectorInstance.remember: \(scores.count) scores for \(rows.rows) rows")
        remembered = (rows, scores)
    }

    /// Scores the rows of `X` the way a policy's score callback does: remembered rows from memory,
    /// any others by the plugin.
    public func scoreForPolicy(_ X: DataMatrix) throws -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        try out.withUnsafeMutableBufferPointer { o in
            if !X.withCMatrix({ recall($0, into: o.baseAddress) }) { try score(X, into: o.baseAddress) }
        }
        return out
    }

    /// Copies the remembered scores into `out` when `X` holds exactly the remembered rows.
    private func recall(_ X: dashost_matrix, into out: UnsafeMutablePointer<Double>?) -> Bool {
        guard let (rows, scores) = remembered, let out, let data = X.data,
              X.rows == UInt64(rows.rows), X.cols == UInt64(rows.cols) else { return false }
        let same = rows.values.withUnsafeBytes { memcmp(data, $0.baseAddress!, $0.count) == 0 }
        guard same else { return false }
        scores.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
        return true
    }

    /// The C score callback handed to policies; valid while this instance is alive. Rows whose scores
    /// were remembered (`remember(scores:of:)`) are answered from memory: scores are per row and
    /// deterministic (the detector contract, `dashost check`), so the plugin would return the same.
    func scoreCallback() -> dashost_score_callback {
        dashost_score_callback(score: { context, X, out, err in
            let detector = Unmanaged<DetectorInstance>.fromOpaque(context!).takeUnretainedValue()
            if detector.recall(X, into: out) { return DASHOST_OK }
            return detector.api.score!(detector.handle, X, out, err)
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }
}
