/// A binary enhancement classifier: label 1 = anomaly, 0 = normal.
public protocol ClassifierPlugin: AnyObject {
    /// Creates an unfitted instance, reading every parameter through `params` (see `DetectorPlugin.init`).
    init(params: PluginParams, seed: UInt64) throws
    /// Fits on rows `X` with labels `y` (each exactly 0 or 1, both present; checked by the thunks).
    func fit(_ X: MatrixView, labels y: UnsafeBufferPointer<Double>) throws
    /// Writes P(anomaly) in [0, 1] per row into `out` (the host checks the range).
    func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws
}

/// A classifier that can say, for each training row, what it predicts without having seen that row
/// (out-of-bag for bagged ensembles, cross-fitted otherwise). Exported as `DASHOST_EXT_HELDOUT`.
public protocol HeldOutClassifierPlugin: ClassifierPlugin {
    /// Held-out P(anomaly) per training row, in training order, after `fit`.
    func heldOutProbability() throws -> [Double]
}
