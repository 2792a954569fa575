import DashostEstimators
import DashostPluginKit

/// The `minmax_sum` fusion rule: each column is min-max scaled on reference scores (no clipping; constant reference -> 0), weighted sum.
///
/// Param `weights`: column name -> weight (>= 0), `WeightedScoreFusion.defaultWeight` for every column not named; the paper's rule
/// `minmax(detector) + lambda * minmax(classifier)` is `{"weights": {"classifier": lambda}}` with
/// `minmax_sum`. A weight naming no column is an error at fuse time, naming it.
///
/// Param `unscaled` (default ""): comma-separated column names added as they are, without
/// normalisation (a probability column; see `WeightedScoreFusion.unscaled`); a name that is no
/// column is an error at fuse time.
///
/// Param `upper_quantile` in (0, 1] (default `WeightedScoreFusion.defaultUpperQuantile`, the paper's
/// maximum): the top of each scaled column's range is this quantile of its reference (see
/// `MinMaxNormalizer`). The method's default, `robust_sum`, is this rule with `unscaled` and
/// `upper_quantile` set to `WeightedScoreFusion.robustSumUnscaled` and `.robustSumUpperQuantile`.
final class MinMaxSum: FusionPlugin {
    private let fusion: WeightedScoreFusion

    init(params: PluginParams, seed: UInt64) throws {
        fusion = try WeightedScoreFusion(rule: .minMaxSum, params: params)
    }

    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        try fusion.fuse(columns, into: out)
    }
}
