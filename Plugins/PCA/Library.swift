import DashostPluginKit

// libdashost_pca.so: pca, pca_policy.
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

private let library = PluginLibraryExport([
    .detector(
        PCA.self, name: "pca", version: "2.0.0",
        summary: "PCA outlier score as PyOD (weighted distances to principal axes; zero-variance axes dropped)",
        description: "Principal Component Analysis detector. Standardises each feature with the training mean and standard deviation, fits PCA on the standardised training data keeping all components, and scores a row by the sum over components of its squared projection onto that component divided by the component's explained variance (a Mahalanobis-type distance in the principal basis, dominated by the minor components). Rows far from the principal subspace, i.e. violating the correlation structure of the training data, score high. Weakness: deviations along the major components are divided by large variances, so points that stay inside the principal subspace but lie far out along the major directions score as normal.",
        defaultPolicy: "pca_policy"),
    .policy(
        PCAPolicyPlugin.self, name: "pca_policy", version: "2.0.0",
        summary: "Hard anomalies for PCA: borderline rows pushed far out along the principal components while staying in the principal subspace",
        description: "PCA-aware synthesis: moves borderline rows far out along the major principal components while staying inside the principal subspace."),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
