import CDashostPlugin

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

    /// The C score callback handed to policies; valid while this instance is alive.
    func scoreCallback() -> dashost_score_callback {
        dashost_score_callback(score: { context, X, out, err in
            let detector = Unmanaged<DetectorInstance>.fromOpaque(context!).takeUnretainedValue()
            return detector.api.score!(detector.handle, X, out, err)
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }
}
