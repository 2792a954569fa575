import DashostPluginKit

/// Baseline "Random" policy (paper Appendix 6.13.1): uniform random points in the widened feature box.
///
/// Policy. Not detector-aware: each feature's training range `[min, max]` is widened by `widen` times
/// its width on both sides (times `hardness.moveScale`), and every value
/// is drawn independently and uniformly from it. Constant features keep their value. The ADBench
/// "global anomalies" recipe (paper Appendix 6.15) is the same idea.
public struct UniformSynthesis {
    /// Scales the widening (`Hardness.moveScale`).
    public var hardness = Hardness.defaultLevel
    /// The default `widen` (also the background rows' of the detector-aware policies, `BackgroundMix`).
    public static let defaultWiden = 0.1

    /// Widening of each side of a feature's range, as a fraction of its width (before the hardness scale).
    public var widen = UniformSynthesis.defaultWiden

    /// A policy with the defaults above.
    public init() {}

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, count: Int, seed: UInt64) -> Matrix {
        let cols = train.cols
        let profile = FeatureProfile(train)
        let margin = widen * hardness.moveScale
        var rng = SeededGenerator(seed: seed)
        var out = Matrix(rows: count, cols: cols)
        for i in 0..<count {
            for j in 0..<cols {
                let width = profile.maximum[j] - profile.minimum[j]
                let lo = profile.minimum[j] - margin * width
                out[i, j] = lo + (width + 2 * margin * width) * rng.nextUnit()
            }
        }
        return out
    }
}
