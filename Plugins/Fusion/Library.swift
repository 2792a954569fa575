import DashostEstimators
import DashostPluginKit

// libdashost_fusion.so: minmax_sum, rank_average, zscore_sum, robust_sum.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// robust_sum's upper quantile, in the texts below.
private let q = WeightedScoreFusion.robustSumUpperQuantile.text

private let library = PluginLibraryExport([
    .fusion(
        MinMaxSum.self, name: "minmax_sum", version: "2.0.0",
        summary: "min-max scaled on reference scores (no clipping; constant reference -> 0), weighted sum",
        description: "The paper's rule: sum of per-column min-max scaled scores (min/max of the training reference), weighted (weights.classifier = lambda)."),
    .fusion(
        RankAverage.self, name: "rank_average", version: "2.0.0",
        summary: "mid-rank empirical CDF of reference scores, weighted mean",
        description: "Weighted mean of each column's empirical CDF position among its training reference scores."),
    .fusion(
        ZScoreSum.self, name: "zscore_sum", version: "2.0.0",
        summary: "standardised on reference scores (std 0 -> 1), weighted sum",
        description: "Weighted sum of per-column z-scores against the training reference mean and standard deviation."),
    .fusion(
        RobustSum.self, name: "robust_sum", version: "2.0.0",
        summary: "detector min-max scaled to its training \(q) quantile plus the classifier's probability as is, weighted sum",
        description: "The method's default rule: the detector min-max scaled between its training minimum and its \(q) training quantile (robust to extreme training scores), plus lambda times the classifier's probability as is (not rescaled by the spread of its held-out normal scores); lambda = weights.classifier = \(WeightedScoreFusion.defaultWeight.text), the paper's default."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
