/// A detector: learns what normal rows look like and scores rows, higher = more anomalous.
///
/// The export thunks have already checked, before any method runs, that matrices are non-empty and
/// finite, and that `score` is only called after a successful `fit` with the same column count.
public protocol DetectorPlugin: AnyObject {
    /// Creates an unfitted instance. Read every parameter through `params`; unknown keys are rejected.
    init(params: PluginParams, seed: UInt64) throws
    /// Fits on training rows (normally inliers only).
    func fit(_ X: MatrixView) throws
    /// Writes one finite score per row of `X` into `out` (`out.count == X.rows`).
    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws
}

/// A detector whose scores of its own training rows differ from `score` on those rows (e.g. neighbour
/// methods, which must not count a row as its own neighbour). Exported as `DASHOST_EXT_TRAINING_SCORES`.
public protocol TrainingScoresDetectorPlugin: DetectorPlugin {
    /// Scores of the training rows as computed during `fit` (leave-self-out), in training order.
    func trainingScores() throws -> [Double]
}

/// A synthesis policy: turns training rows into hard synthetic anomalies for one kind of detector.
public protocol PolicyPlugin: AnyObject {
    /// Creates an instance. Read every parameter through `params`; unknown keys are rejected.
    init(params: PluginParams, seed: UInt64) throws
    /// Writes `count` synthetic rows of `train.cols` values, row-major, into `out`.
    ///
    /// - Parameters:
    ///   - train: the detector's training rows.
    ///   - scorer: the fitted detector's score function (higher = more anomalous).
    ///   - seed: drives every random choice of this call.
    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws
}

/// A binary enhancement classifier: label 1 = anomaly, 0 = normal.
public protocol ClassifierPlugin: AnyObject {
    /// Creates an unfitted instance. Read every parameter through `params`; unknown keys are rejected.
    init(params: PluginParams, seed: UInt64) throws
    /// Fits on rows `X` with labels `y` (each exactly 0 or 1, both present; checked by the thunks).
    func fit(_ X: MatrixView, labels y: UnsafeBufferPointer<Double>) throws
    /// Writes P(anomaly) in [0, 1] per row into `out`.
    func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws
}

/// A classifier that can say, for each training row, what it predicts without having seen that row
/// (out-of-bag for bagged ensembles, cross-fitted otherwise). Exported as `DASHOST_EXT_HELDOUT`.
public protocol HeldOutClassifierPlugin: ClassifierPlugin {
    /// Held-out P(anomaly) per training row, in training order, after `fit`.
    func heldOutProbability() throws -> [Double]
}

/// A fusion rule: combines named score columns into one.
public protocol FusionPlugin: AnyObject {
    /// Creates an instance. Read every parameter through `params`; unknown keys are rejected.
    init(params: PluginParams, seed: UInt64) throws
    /// Writes the fused score of each row into `out` (`out.count` rows, the same as every column).
    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws
}

/// One named score column handed to a fusion rule.
public struct ScoreColumn {
    /// The column's name in the pipeline (e.g. "detector", "classifier").
    public let name: String
    /// The scores to fuse, one per row.
    public let scores: UnsafeBufferPointer<Double>
    /// The same scorer's scores on the training rows, the normalisation reference.
    public let reference: UnsafeBufferPointer<Double>

    /// Creates a column from borrowed buffers.
    public init(name: String, scores: UnsafeBufferPointer<Double>, reference: UnsafeBufferPointer<Double>) {
        self.name = name
        self.scores = scores
        self.reference = reference
    }
}
