import DashostEstimators
import DashostPluginKit

/// The `gaussian_noise_policy` plugin: the paper's Gaussian-noise baseline (see `GaussianNoiseSynthesis`).
final class GaussianNoisePolicyPlugin: PolicyPlugin {
    private var policy = GaussianNoiseSynthesis()

    init(params: PluginParams, seed: UInt64) throws {
        policy.hardness = try params.hardness(doc: "scales the noise: \(Hardness.moveScaleText)")
        policy.noiseScale = try params.double("noise_scale", default: policy.noiseScale, in: 0...100,
                                           doc: "noise standard deviation, in units of each feature's standard deviation (before the hardness scale)")
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try policy.generate(train: train, count: count, seed: seed).copy(into: out)
    }
}
