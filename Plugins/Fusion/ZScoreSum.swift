import DashostEstimators
import DashostPluginKit

/// The `zscore_sum` fusion rule: each column is standardised on reference scores (std 0 -> 1), weighted sum.
///
/// Param `weights`: column name -> weight (>= 0), `WeightedScoreFusion.defaultWeight` for every column not named; the paper's rule
/// `minmax(detector) + lambda * minmax(classifier)` is `{"weights": {"classifier": lambda}}` with
/// `minmax_sum`. A weight naming no column is an error at fuse time, naming it.
///
/// Param `unscaled` (default ""): comma-separated column names added as they are, without
/// normalisation (a probability column; see `WeightedScoreFusion.unscaled`); a name that is no
/// column is an error at fuse time.
final class ZScoreSum: FusionPlugin {
    private let fusion: WeightedScoreFusion

    init(params: PluginParams, seed: UInt64) throws {
        fusion = try WeightedScoreFusion(rule: .zScoreSum, params: params)
    }

    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        try fusion.fuse(columns, into: out)
    }
}
