import DashostEstimators
import DashostPluginKit

/// The `iforest_policy` plugin: hard synthetic anomalies for Isolation Forest (see `IForestSynthesis`).
final class IForestPolicyPlugin: PolicyPlugin {
    private var policy = IForestSynthesis()
    private var background = BackgroundMix()

    init(params: PluginParams, seed: UInt64) throws {
        background = try params.backgroundMix()
        policy.hardness = try params.hardness()
        policy.borderlineQuantile = try params.borderlineQuantile()
        policy.extrapolationRange = try params.range("extrapolation", default: policy.extrapolationRange, in: 0...10,
                                                   doc: "the extrapolation factor away from the data (before the hardness scale)")
        policy.extrapolationShare = try params.double("extrapolation_share", default: policy.extrapolationShare, in: 0...1,
                                                    doc: "probability that a candidate is made by extrapolating a borderline row")
        policy.swapShare = try params.double("swap_share", default: policy.swapShare, in: 0...1,
                                          doc: "probability that a candidate is made by swapping features between borderline rows")
        guard policy.extrapolationShare + policy.swapShare <= 1 else {
            throw PluginError.badParams("parameters 'extrapolation_share' + 'swap_share' must be at most 1")
        }
        policy.featureFraction = try params.double("feature_fraction", default: policy.featureFraction, in: 0...1,
                                                doc: "share of the features a swap or marginal move replaces (before the hardness scale)")
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}
