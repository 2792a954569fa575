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
        policy.extrapolationRange = try params.range("extrapolation", default: policy.extrapolationRange, in: 0...10)
        policy.extrapolationShare = try params.double("extrapolation_share", default: policy.extrapolationShare, in: 0...1)
        policy.swapShare = try params.double("swap_share", default: policy.swapShare, in: 0...1)
        guard policy.extrapolationShare + policy.swapShare <= 1 else {
            throw PluginError.badParams("parameters 'extrapolation_share' + 'swap_share' must be at most 1")
        }
        policy.featureFraction = try params.double("feature_fraction", default: policy.featureFraction, in: 0...1)
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}

private let descriptor = PluginExport.policy(
    IForestPolicyPlugin.self, name: "iforest_policy", version: "1.0.0",
    summary: "Hard anomalies for IForest: borderline rows extrapolated or recombined per feature, kept if IForest still scores them normal")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
