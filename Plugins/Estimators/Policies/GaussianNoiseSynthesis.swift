import DashostPluginKit

/// Baseline "Gauss" policy (paper Appendix 6.13.1): Gaussian noise injected into training rows.
///
/// Policy. Not detector-aware: pick `count` training rows uniformly at random (with replacement) and
/// add independent Gaussian noise with mean 0 and standard deviation `noiseScale` times the feature's
/// standard deviation (times `hardness.moveScale`), so every feature is perturbed on its own scale.
/// Constant features get no noise. The detector is never consulted, which is the point of the
/// baseline: it shows what detector-awareness adds.
public struct GaussianNoiseSynthesis {
    /// Scales the noise (`Hardness.moveScale`).
    public var hardness = Hardness.defaultLevel
    /// Noise standard deviation in units of each feature's standard deviation (before the hardness scale).
    public var noiseScale = 0.5

    /// A policy with the defaults above.
    public init() {}

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, count: Int, seed: UInt64) -> Matrix {
        let cols = train.cols
        let profile = FeatureProfile(train)
        let sigma = noiseScale * hardness.moveScale
        var rng = SeededGenerator(seed: seed)
        var out = Matrix(rows: count, cols: cols)
        for i in 0..<count {
            let base = train.row(rng.nextInt(below: train.rows))
            for j in 0..<cols { out[i, j] = base[j] + sigma * profile.std[j] * rng.nextGaussian() }
        }
        return out
    }
}
