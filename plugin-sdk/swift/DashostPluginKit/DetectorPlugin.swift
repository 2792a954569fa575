/// A detector: learns what normal rows look like and scores rows, higher = more anomalous.
///
/// The export thunks have already checked, before any method runs, that matrices are non-empty and
/// finite, and that `score` is only called after a successful `fit` with the same column count. The
/// host checks every score written (finite, one per row).
public protocol DetectorPlugin: AnyObject {
    /// Creates an unfitted instance, reading every parameter through `params`.
    ///
    /// Also run once, with every parameter at its default, when the library's descriptor is built:
    /// the parameters read then are the plugin's schema (see `PluginParams`).
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
