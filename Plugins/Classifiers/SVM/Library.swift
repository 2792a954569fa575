import DashostEstimators
import DashostPluginKit

// libdashost_svm.so: svm.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

private let library = PluginLibraryExport([
    .classifier(
        SVMPlugin.self, name: "svm", version: "2.0.0",
        summary: "C-SVC with RBF kernel and Platt probabilities (scikit-learn SVC(probability=True))",
        description: "C-SVM, RBF kernel, gamma = \(SVMClassifierSettings().gamma.paramText), Platt probabilities (libsvm), with cross-fitted held-out probabilities."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
