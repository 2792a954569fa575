import DashostEstimators
import DashostPluginKit

/// The `ecod_policy` plugin: hard synthetic anomalies for ECOD (see `ECODSynthesis`).
final class ECODPolicyPlugin: PolicyPlugin {
    private var policy = ECODSynthesis()
    private var background = BackgroundMix()

    init(params: PluginParams, seed: UInt64) throws {
        background = try params.backgroundMix()
        policy.hardness = try params.hardness()
        policy.borderlineQuantile = try params.borderlineQuantile()
        policy.featureFraction = try params.double("feature_fraction", default: policy.featureFraction, in: 0...1,
                                                doc: "share of the features redrawn from their marginals (before the hardness scale)")
        policy.centralRange = try params.double("central_range", default: policy.centralRange, in: 0...1,
                                             doc: "central share of each feature's training values that redrawn values come from")
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}
