import DashostEstimators
import DashostPluginKit

// libdashost_random_forest.so: random_forest.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

private let library = PluginLibraryExport([
    .classifier(
        RandomForestPlugin.self, name: "random_forest", version: "2.0.0",
        summary: "random forest (scikit-learn defaults), out-of-bag held-out probabilities",
        description: "Random forest (\(RandomForest.defaultTreeCount) CART trees, bootstrap, sqrt(d) features per split, Gini) with out-of-bag held-out probabilities."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
