import DashostEstimators
import DashostPluginKit

/// The `robust_sum` fusion rule, the method's default: `minmax_q(detector) + lambda * P(classifier)`.
///
/// Two changes to the paper's `minmax_sum`, each fixing a measured failure of it (docs/results.md):
/// - The detector's scale tops out at the `upper_quantile` (default
///   `WeightedScoreFusion.robustSumUpperQuantile`) of its training scores, not
///   at their maximum: anomaly scores are heavy-tailed, and one extreme training score squeezes every
///   test score towards 0, so the classifier alone decided the ranking (PCA on `fault`).
/// - The classifier's column is a probability and is added as it is (`unscaled`, default
///   `WeightedScoreFusion.robustSumUnscaled`): min-max scaling divides by the spread of its held-out normal scores, which is
///   tiny when there are few synthetic rows or they are easy to separate, and then blows the
///   classifier's output up to many times the detector's (`wine`: 6 synthetic rows).
///
/// Params: `weights` (column -> weight >= 0, default `WeightedScoreFusion.defaultWeight` each;
/// `{"classifier": lambda}`), `unscaled` (comma-separated column names added without normalisation),
/// `upper_quantile` in (0, 1]. With `{"unscaled": "", "upper_quantile": 1}` it is `minmax_sum`.
final class RobustSum: FusionPlugin {
    private let fusion: WeightedScoreFusion

    init(params: PluginParams, seed: UInt64) throws {
        fusion = try WeightedScoreFusion(rule: .minMaxSum, params: params,
                                         defaultUnscaled: WeightedScoreFusion.robustSumUnscaled,
                                         defaultUpperQuantile: WeightedScoreFusion.robustSumUpperQuantile)
    }

    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        try fusion.fuse(columns, into: out)
    }
}
