import DashostEstimators
import DashostPluginKit

/// The `knn_policy` plugin: hard synthetic anomalies for KNN (see `KNNSynthesis`, `MicroClusterSynthesis`).
final class KNNPolicyPlugin: PolicyPlugin {
    private var policy = KNNSynthesis.policy()
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
    KNNPolicyPlugin.self, name: "knn_policy", version: "1.0.0",
    summary: "Hard anomalies for KNN: local outliers, single points one to three 5-neighbour scales from any training row")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
