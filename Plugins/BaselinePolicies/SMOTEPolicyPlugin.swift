import DashostEstimators
import DashostPluginKit

/// The `smote_policy` plugin: the paper's SMOTE baseline (see `SMOTESynthesis`).
final class SMOTEPolicyPlugin: PolicyPlugin {
    private var policy = SMOTESynthesis()

    init(params: PluginParams, seed: UInt64) throws {
        policy.hardness = try params.hardness()
        policy.neighbors = try params.int("neighbors", default: policy.neighbors, in: 1...1000)
        policy.lambdaRange = try params.range("lambda", default: policy.lambdaRange, in: 0...100)
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try policy.generate(train: train, count: count, seed: seed).copy(into: out)
    }
}

private let descriptor = PluginExport.policy(
    SMOTEPolicyPlugin.self, name: "smote_policy", version: "1.0.0",
    summary: "Baseline: SMOTE-style extrapolation x + lambda (x - neighbour), lambda in [0.5, 1.5]")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
