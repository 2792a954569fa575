import DashostEstimators
import DashostPluginKit

/// The `lof_policy` plugin: hard synthetic anomalies for LOF (see `LOFSynthesis`, `MicroClusterSynthesis`).
final class LOFPolicyPlugin: PolicyPlugin {
    private var policy = LOFSynthesis.policy()
    private var background = BackgroundMix()

    init(params: PluginParams, seed: UInt64) throws {
        background = try params.backgroundMix()
        policy.hardness = try params.hardness()
        policy.borderlineQuantile = try params.borderlineQuantile()
        policy.neighbors = try params.int("neighbors", default: policy.neighbors, in: 1...1000)
        policy.clusterSize = try params.int("cluster_size", default: policy.clusterSize, in: 1...1000)
        policy.stepRange = try params.range("step", default: policy.stepRange, in: 0...100)
        policy.spread = try params.double("spread", default: policy.spread, in: 0...10)
        policy.directionJitter = try params.double("direction_jitter", default: policy.directionJitter, in: 0...10)
        (policy.oversample, policy.maxRounds) = try params.filtering()
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.generate(train: train, count: count, seed: seed) { n in
            try policy.generate(train: train, score: { try scorer.score($0) }, count: n, seed: seed)
        }.copy(into: out)
    }
}

private let descriptor = PluginExport.policy(
    LOFPolicyPlugin.self, name: "lof_policy", version: "1.0.0",
    summary: "Hard anomalies for LOF: tight micro-clusters in the sparse surroundings of borderline rows")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
