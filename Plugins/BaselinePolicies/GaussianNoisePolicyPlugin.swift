import DashostEstimators
import DashostPluginKit

/// The `gaussian_noise_policy` plugin: the paper's Gaussian-noise baseline (see `GaussianNoiseSynthesis`).
final class GaussianNoisePolicyPlugin: PolicyPlugin {
    private var policy = GaussianNoiseSynthesis()

    init(params: PluginParams, seed: UInt64) throws {
        policy.hardness = try params.hardness()
        policy.noiseScale = try params.double("noise_scale", default: policy.noiseScale, in: 0...100)
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try policy.generate(train: train, count: count, seed: seed).copy(into: out)
    }
}

private let descriptor = PluginExport.policy(
    GaussianNoisePolicyPlugin.self, name: "gaussian_noise_policy", version: "1.0.0",
    summary: "Baseline: Gaussian noise (per-feature std units) added to random training rows")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
