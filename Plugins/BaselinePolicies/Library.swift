import DashostEstimators
import DashostPluginKit

// libdashost_baseline_policies.so: gaussian_noise_policy, uniform_policy, smote_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// SMOTE's default range of the extrapolation factor, in the texts below.
private let lambda = SMOTESynthesis.defaultLambdaRange

private let library = PluginLibraryExport([
    .policy(
        GaussianNoisePolicyPlugin.self, name: "gaussian_noise_policy", version: "2.0.0",
        summary: "Baseline: Gaussian noise (per-feature std units) added to random training rows",
        description: "Baseline (paper appendix 6.13.1): Gaussian noise added to random training rows."),
    .policy(
        UniformPolicyPlugin.self, name: "uniform_policy", version: "2.0.0",
        summary: "Baseline: uniform random points in the feature ranges widened by \((UniformSynthesis.defaultWiden * 100).text)%",
        description: "Baseline (paper appendix 6.13.1): uniform random rows in the per-feature training range, widened by a margin."),
    .policy(
        SMOTEPolicyPlugin.self, name: "smote_policy", version: "2.0.0",
        summary: "Baseline: SMOTE-style extrapolation x + lambda (x - neighbour), lambda in [\(lambda.lowerBound), \(lambda.upperBound)]",
        description: "Baseline (paper appendix 6.13.1): SMOTE-style extrapolation x + f (x - neighbour), f in [\(lambda.lowerBound), \(lambda.upperBound)]."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
