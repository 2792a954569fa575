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
        policy.boundaryQuantile = try params.double("boundary_quantile", default: policy.boundaryQuantile, in: 0...1,
                                                  doc: "quantile of the training scores taken as the detector's boundary")
        policy.margin = try params.double("margin", default: policy.margin, in: 0...10,
                                      doc: "overshoot past the crossing step, as a fraction of it (before the hardness scale)")
        policy.directionJitter = try params.double("direction_jitter", default: policy.directionJitter, in: 0...10,
                                                doc: "random tilt of the outward direction (0 = exactly away from the centre)")
        policy.initialStep = try params.double("initial_step", default: policy.initialStep, in: 1e-6...100,
                                            doc: "first step tried, in standard deviations along the standardised direction")
        policy.maxDoublings = try params.int("max_doublings", default: policy.maxDoublings, in: 1...30,
                                          doc: "most doublings of the step while looking for the boundary crossing")
        policy.bisectionSteps = try params.int("bisection_steps", default: policy.bisectionSteps, in: 0...50,
                                            doc: "bisection iterations on the crossing step")
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}
