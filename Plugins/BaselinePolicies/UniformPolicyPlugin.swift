import DashostEstimators
import DashostPluginKit

/// The `uniform_policy` plugin: the paper's random-outlier baseline (see `UniformSynthesis`).
final class UniformPolicyPlugin: PolicyPlugin {
    private var policy = UniformSynthesis()

    init(params: PluginParams, seed: UInt64) throws {
        policy.hardness = try params.hardness(doc: "scales the widening: \(Hardness.moveScaleText)")
        policy.widen = try params.double("widen", default: policy.widen, in: 0...100,
                                     doc: "widening of each side of a feature's range, as a fraction of its width (before the hardness scale)")
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try policy.generate(train: train, count: count, seed: seed).copy(into: out)
    }
}
