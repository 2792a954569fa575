import DashostEstimators
import DashostPluginKit

/// The `uniform_policy` plugin: the paper's random-outlier baseline (see `UniformSynthesis`).
final class UniformPolicyPlugin: PolicyPlugin {
    private var policy = UniformSynthesis()

    init(params: PluginParams, seed: UInt64) throws {
        policy.hardness = try params.hardness()
        policy.widen = try params.double("widen", default: policy.widen, in: 0...100)
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try policy.generate(train: train, count: count, seed: seed).copy(into: out)
    }
}

private let descriptor = PluginExport.policy(
    UniformPolicyPlugin.self, name: "uniform_policy", version: "1.0.0",
    summary: "Baseline: uniform random points in the feature ranges widened by 10%")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
