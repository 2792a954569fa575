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
        policy.featureFraction = try params.double("feature_fraction", default: policy.featureFraction, in: 0...1)
        policy.centralRange = try params.double("central_range", default: policy.centralRange, in: 0...1)
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}

private let descriptor = PluginExport.policy(
    ECODPolicyPlugin.self, name: "ecod_policy", version: "1.0.0",
    summary: "Hard anomalies for ECOD: per-feature common values in novel combinations (correlations broken)")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
