import DashostEstimators
import DashostPluginKit

// libdashost_decision_tree.so: decision_tree.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

private let library = PluginLibraryExport([
    .classifier(
        DecisionTreePlugin.self, name: "decision_tree", version: "2.0.0",
        summary: "CART decision tree (scikit-learn defaults), cross-fitted held-out probabilities",
        description: "CART decision tree (Gini, unlimited depth) with \(CrossFitting.defaultFolds)-fold cross-fitted held-out probabilities."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
