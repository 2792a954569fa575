import DashostEstimators
import DashostPluginKit

// libdashost_iforest.so: iforest, iforest_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// The forest's default trees and rows per tree, in the texts below.
private let trees = IsolationForest.defaultEstimators, rows = IsolationForest.defaultMaxSamples

private let library = PluginLibraryExport([
    .detector(
        IForest.self, name: "iforest", version: "2.0.0",
        summary: "Isolation Forest (scikit-learn/PyOD defaults: \(trees) trees, \(rows) rows per tree)",
        description: "Isolation Forest. Builds an ensemble of \(trees) isolation trees, each on a random subsample of \(rows) training rows drawn without replacement. Each tree splits recursively on a uniformly chosen feature at a split value drawn uniformly between that feature's minimum and maximum in the node, until a row is isolated or the height limit ceil(log2(\(rows))) is reached. The anomaly score of a row is 2^(-E[h(x)]/c(\(rows))), where h(x) is the path length from the root to the leaf the row falls in (plus the average path length c(size) of an unbuilt subtree at external nodes) and c(n) = 2H(n-1) - 2(n-1)/n normalises it. Rows that are isolated by few random axis-parallel splits (short paths) score high. Weakness: splits are axis-parallel and drawn within the observed range of each feature, so points that combine individually normal feature values in a novel way, or that lie inside the bounding box in sparse regions between clusters, need long paths and look normal.",
        defaultPolicy: "iforest_policy"),
    .policy(
        IForestPolicyPlugin.self, name: "iforest_policy", version: "2.0.0",
        summary: "Hard anomalies for IForest: borderline rows extrapolated or recombined per feature, kept if IForest still scores them normal",
        description: "IForest-aware synthesis: novel combinations of per-feature normal values and controlled extrapolation from borderline rows, kept only while the detector's path lengths stay long."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
