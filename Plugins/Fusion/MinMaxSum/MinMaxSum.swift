import DashostPluginKit

/// Placeholder during bootstrap.
final class MinMaxSum: FusionPlugin {
    init(params: PluginParams, seed: UInt64) throws { _ = try params.double("lambda", default: 1) }
    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        for i in 0..<out.count { out[i] = columns.reduce(0) { $0 + $1.scores[i] } }
    }
}
private let descriptor = PluginExport.fusion(MinMaxSum.self, name: "minmax_sum", version: "0.1.0", summary: "x")
@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
