import DashostEstimators
import DashostPluginKit

/// The `pca_policy` plugin: hard synthetic anomalies for PCA (see `PCASynthesis`).
final class PCAPolicyPlugin: PolicyPlugin {
    private var policy = PCASynthesis()
    private var background = BackgroundMix()

    init(params: PluginParams, seed: UInt64) throws {
        background = try params.backgroundMix()
        policy.hardness = try params.hardness()
        policy.borderlineQuantile = try params.borderlineQuantile()
        policy.varianceKept = try params.double("variance_kept", default: policy.varianceKept, in: 0.01...1,
                                             doc: "share of the standardised variance the principal subspace explains")
        policy.stepRange = try params.range("step", default: policy.stepRange, in: 0...100,
                                         doc: "the outward step along the principal components, in component standard deviations (before the hardness scale)")
        policy.directionJitter = try params.double("direction_jitter", default: policy.directionJitter, in: 0...10,
                                                doc: "random tilt of the outward direction (0 = exactly away from the centre)")
        policy.residualScale = try params.double("residual_scale", default: policy.residualScale, in: 0...1,
                                              doc: "factor on the seed's residual outside the principal subspace (0 = exactly in the subspace)")
        policy.rotationShare = try params.double("rotation_share", default: policy.rotationShare, in: 0...1,
                                              doc: "probability that a candidate is the seed turned at its own standardised distance from the centre instead of stepped outward")
        policy.maxRotation = try params.double("max_rotation", default: policy.maxRotation, in: 0...Double.pi,
                                            doc: "largest angle a candidate is turned by, in radians (before the hardness scale)")
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}
