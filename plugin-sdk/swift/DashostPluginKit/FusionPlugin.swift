/// A fusion rule: combines named score columns into one.
public protocol FusionPlugin: AnyObject {
    /// Creates an instance, reading every parameter through `params` (see `DetectorPlugin.init`).
    init(params: PluginParams, seed: UInt64) throws
    /// Writes the fused score of each row into `out` (`out.count` rows, the same as every column).
    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws
}
