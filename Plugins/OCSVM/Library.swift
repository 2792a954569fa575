import DashostEstimators
import DashostPluginKit

// libdashost_ocsvm.so: ocsvm, ocsvm_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// The detector's default gamma rule and nu, in the texts below.
private let gammaRule = OneClassSVMDetector.autoGammaRule, nu = OneClassSVMDetector.defaultNu.text

private let library = PluginLibraryExport([
    .detector(
        OCSVM.self, name: "ocsvm", version: "2.0.0",
        summary: "One-class SVM via libsvm (PyOD defaults: RBF, gamma = \(gammaRule), nu = \(nu))",
        description: "One-Class Support Vector Machine. Maps training rows to a feature space with an RBF kernel exp(-gamma ||x - y||^2), gamma = \(gammaRule), and finds the maximum-margin hyperplane separating the data from the origin with a fraction nu = \(nu) of rows allowed outside (support vectors). The decision function is a weighted sum S(x) of kernel values to the support vectors minus an offset rho; the anomaly score is -log S(x), a strictly increasing function of minus the decision value (PyOD's score, same ranking), so rows outside the learned boundary score high and rows far from every support vector stay distinguishable. Weakness: the boundary is a smooth level set of a kernel density-like function; points just outside it, in regions where the training data is sparse but near the boundary, receive scores close to those of normal boundary rows.",
        defaultPolicy: "ocsvm_policy"),
    .policy(
        OCSVMPolicyPlugin.self, name: "ocsvm_policy", version: "2.0.0",
        summary: "Hard anomalies for OCSVM: borderline rows walked outward until their score just crosses the boundary (bisection)",
        description: "OCSVM-aware synthesis: walks borderline rows away from the data centre until they just cross the detector's boundary (bisection on the step)."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
