import DashostEstimators
import DashostPluginKit

// libdashost_knn.so: knn, knn_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// KNN's k (the detector's default, and the neighbourhood of its policy), in the texts below.
private let k = KNearestNeighborsDetector.defaultNeighbors

private let library = PluginLibraryExport([
    .detector(
        KNN.self, name: "knn", version: "2.0.0",
        summary: "k-nearest-neighbour distance (PyOD defaults: \(k) neighbours, distance to the \(k)th)",
        description: "k-Nearest-Neighbours distance detector with k = \(k). Stores the training rows; the anomaly score of a row is its Euclidean distance to its \(k)th nearest training row (training rows exclude themselves). Rows far from all training data score high. Weakness: the score is one global distance scale, the same for dense and sparse regions, so a point several times farther from a dense group of rows than they are from each other (a local outlier) still scores lower than ordinary rows in sparse regions; a small, dense cluster of anomalies placed in a sparse region, or points close to a few training rows, also get low scores.",
        defaultPolicy: "knn_policy"),
    .policy(
        KNNPolicyPlugin.self, name: "knn_policy", version: "2.0.0",
        summary: "Hard anomalies for KNN: local outliers, single points one to three \(k)-neighbour scales from any training row",
        description: "KNN-aware synthesis: local outliers that the global k-th neighbour distance misses, single points one to three of their seed's \(k)-neighbour distances outward from any training row, kept while KNN still scores them as normal."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
