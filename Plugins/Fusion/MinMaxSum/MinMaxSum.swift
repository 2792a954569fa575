import DashostEstimators
import DashostPluginKit

/// The `minmax_sum` fusion rule: each column is min-max scaled on reference scores (no clipping; constant reference -> 0), weighted sum.
///
/// Param `weights`: column name -> weight (>= 0), 1 for every column not named; the paper's rule
/// `minmax(detector) + lambda * minmax(classifier)` is `{"weights": {"classifier": lambda}}` with
/// `minmax_sum`. A weight naming no column is an error at fuse time, naming it.
final class MinMaxSum: FusionPlugin {
    private let fusion: WeightedScoreFusion

    init(params: PluginParams, seed: UInt64) throws {
        fusion = try WeightedScoreFusion(rule: .minMaxSum, weights: try params.doubles("weights", default: [:]))
    }

    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        try fusion.fuse(columns, into: out)
    }
}

private let descriptor = PluginExport.fusion(
    MinMaxSum.self, name: "minmax_sum", version: "1.0.0",
    summary: "min-max scaled on reference scores (no clipping; constant reference -> 0), weighted sum")

@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
