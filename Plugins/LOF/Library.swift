import DashostEstimators
import DashostPluginKit

// libdashost_lof.so: lof, lof_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// LOF's neighbours, in the texts below.
private let k = LocalOutlierFactor.defaultNeighbors

private let library = PluginLibraryExport([
    .detector(
        LOF.self, name: "lof", version: "2.0.0",
        summary: "Local Outlier Factor, novelty mode (PyOD/scikit-learn defaults: \(k) neighbours)",
        description: "Local Outlier Factor with \(k) neighbours. For each training row it computes the k-distance (distance to its \(k)th nearest neighbour), the reachability distance of a row from a neighbour (the larger of their distance and the neighbour's k-distance) and the local reachability density lrd (inverse of the mean reachability distance to its neighbours). A row's score is the mean lrd of its \(k) nearest training neighbours divided by its own lrd, about 1 inside clusters and large for rows in regions sparser than their neighbourhood. Weakness: the measure is relative and local, so a small, tight group of anomalous points, whose members are each other's nearest neighbours, has a density similar to its neighbours' and scores as normal.",
        defaultPolicy: "lof_policy"),
    .policy(
        LOFPolicyPlugin.self, name: "lof_policy", version: "2.0.0",
        summary: "Hard anomalies for LOF: tight micro-clusters in the sparse surroundings of borderline rows",
        description: "LOF-aware synthesis: small, tight micro-clusters placed in sparse regions near borderline rows."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
