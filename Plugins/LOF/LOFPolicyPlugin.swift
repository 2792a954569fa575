import DashostEstimators
import DashostPluginKit

/// The `lof_policy` plugin: hard synthetic anomalies for LOF (see `LOFSynthesis`, `MicroClusterSynthesis`).
final class LOFPolicyPlugin: PolicyPlugin {
    private var policy = LOFSynthesis.policy()
    private var background = BackgroundMix()

    init(params: PluginParams, seed: UInt64) throws {
        background = try params.backgroundMix()
        try policy.configure(params)
    }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        try background.fill(out, train: train, policy: policy, scorer: scorer, count: count, seed: seed)
    }
}

private let descriptor = PluginExport.policy(
    LOFPolicyPlugin.self, name: "lof_policy", version: "1.0.0",
    summary: "Hard anomalies for LOF: tight micro-clusters in the sparse surroundings of borderline rows")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
