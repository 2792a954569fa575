/// A synthesis policy: turns training rows into hard synthetic anomalies for one kind of detector.
public protocol PolicyPlugin: AnyObject {
    /// Creates an instance, reading every parameter through `params` (see `DetectorPlugin.init`).
    init(params: PluginParams, seed: UInt64) throws
    /// Writes `count` synthetic rows of `train.cols` values, row-major, into `out`.
    ///
    /// `out` is zero-filled before the call; the host checks that every value written is finite.
    ///
    /// - Parameters:
    ///   - train: the detector's training rows.
    ///   - scorer: the fitted detector's score function (higher = more anomalous).
    ///   - seed: drives every random choice of this call.
    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws
}
