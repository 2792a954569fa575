import DashostPluginKit

// libdashost_ecod.so: ecod, ecod_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

private let library = PluginLibraryExport([
    .detector(
        ECODPlugin.self, name: "ecod", version: "2.0.0",
        summary: "ECOD as PyOD (empirical-CDF tail probabilities), per-row ECDFs fitted on the training rows",
        description: "ECOD (Empirical-Cumulative-distribution-based Outlier Detection). For every feature it estimates the empirical cumulative distribution function of the training data, left and right tails. A row's tail probabilities are read feature by feature; the score is the largest of three aggregates: the sum over features of -log left-tail probability, the sum of -log right-tail probability, and the sum using, per feature, the tail indicated by the sign of that feature's skewness. Features are treated independently. Weakness: dependence between features is ignored, so a row whose every feature value is individually common, but whose combination of values never occurs in normal data, gets a low score.",
        defaultPolicy: "ecod_policy"),
    .policy(
        ECODPolicyPlugin.self, name: "ecod_policy", version: "2.0.0",
        summary: "Hard anomalies for ECOD: per-feature common values in novel combinations (correlations broken)",
        description: "ECOD-aware synthesis: per-feature values from each marginal's central range, recombined to break the dependence structure."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
