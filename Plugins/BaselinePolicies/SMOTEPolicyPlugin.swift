import DashostEstimators
import DashostPluginKit

/// The `smote_policy` plugin: the paper's SMOTE baseline (see `SMOTESynthesis`).
final class SMOTEPolicyPlugin: PolicyPlugin {
    private var policy = SMOTESynthesis()

    init(params: PluginParams, seed: UInt64) throws {
        policy.hardness = try params.hardness(doc: "scales lambda: \(Hardness.moveScaleText)")
        policy.neighbors = try params.int("neighbors", default: policy.neighbors, in: 1...1000,
                                        doc: "nearest neighbours a partner row is drawn from (SMOTE's k)")
        policy.lambdaRange = try params.range("lambda", default: policy.lambdaRange, in: 0...100,
                                            doc: "the extrapolation factor lambda of x + lambda (x - neighbour) (before the hardness scale)")
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try policy.generate(train: train, count: count, seed: seed).copy(into: out)
    }
}
