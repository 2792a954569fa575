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
        policy.varianceKept = try params.double("variance_kept", default: policy.varianceKept, in: 0.01...1)
        policy.stepRange = try params.range("step", default: policy.stepRange, in: 0...100)
        policy.directionJitter = try params.double("direction_jitter", default: policy.directionJitter, in: 0...10)
        policy.residualScale = try params.double("residual_scale", default: policy.residualScale, in: 0...1)
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}

private let descriptor = PluginExport.policy(
    PCAPolicyPlugin.self, name: "pca_policy", version: "1.0.0",
    summary: "Hard anomalies for PCA: borderline rows pushed far out along the principal components while staying in the principal subspace")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
