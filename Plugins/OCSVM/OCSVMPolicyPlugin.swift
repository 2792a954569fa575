import DashostEstimators
import DashostPluginKit

/// The `ocsvm_policy` plugin: hard synthetic anomalies for One-Class SVM (see `OCSVMSynthesis`).
final class OCSVMPolicyPlugin: PolicyPlugin {
    private var policy = OCSVMSynthesis()
    private var background = BackgroundMix()

    init(params: PluginParams, seed: UInt64) throws {
        background = try params.backgroundMix()
        policy.hardness = try params.hardness()
        policy.borderlineQuantile = try params.borderlineQuantile()
        policy.boundaryQuantile = try params.double("boundary_quantile", default: policy.boundaryQuantile, in: 0...1)
        policy.margin = try params.double("margin", default: policy.margin, in: 0...10)
        policy.directionJitter = try params.double("direction_jitter", default: policy.directionJitter, in: 0...10)
        policy.initialStep = try params.double("initial_step", default: policy.initialStep, in: 1e-6...100)
        policy.maxDoublings = try params.int("max_doublings", default: policy.maxDoublings, in: 1...30)
        policy.bisectionSteps = try params.int("bisection_steps", default: policy.bisectionSteps, in: 0...50)
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}

private let descriptor = PluginExport.policy(
    OCSVMPolicyPlugin.self, name: "ocsvm_policy", version: "1.0.0",
    summary: "Hard anomalies for OCSVM: borderline rows walked outward until their score just crosses the boundary (bisection)")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
