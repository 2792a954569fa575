import DashostEstimators
import DashostPluginKit

// libdashost_drl.so: drl (paired with the generic gaussian_noise_policy; a DRL-aware policy is future work).
// Summaries are one line for `dashost plugins`; a detector's description is the text the LLM step reads.

/// The release's setting, in the texts below.
private let c = DecomposedRepresentation.Configuration()

private let library = PluginLibraryExport([
    .detector(
        DRL.self, name: "drl", version: "1.0.0",
        summary: "Decomposed Representation Learning (Ye et al., ICLR 2025; the release's setting: \(c.epochs) epochs, hidden \(c.hidden), \(c.basis) basis vectors)",
        description: "DRL (Decomposed Representation Learning), a neural one-class detector. Standardises each feature with the training mean and standard deviation. An encoder (two fully connected layers of \(c.hidden) units, LeakyReLU) maps a row to a representation h; a second network maps the same row to \(c.basis) weights; a fixed set of \(c.basis) random orthonormal basis vectors is shared by all rows. Training (Adam, \(c.epochs) epochs) makes every normal row's representation equal to its weighted combination of the basis vectors, with two small extra terms: the decoded representation must point in the direction of the input row, and the weight vectors of different rows are pushed apart. The anomaly score of a row is the mean squared difference between its representation and its weighted basis combination: rows whose representation cannot be written in the basis the normal rows share score high. No layer has a bias and LeakyReLU is positively homogeneous, so the score of a standardised row is its squared distance from the training mean times a factor that depends only on its direction from the mean, learned from the normal rows in that direction. Weakness: rows close to the training mean score low whatever their direction, so anomalies in empty regions near the centre of the data (between clusters, or in a hole of the normal data) look normal; along the directions in which normal rows decompose well, points only moderately farther out than the normal rows (a normal row pushed 1.5 to 2 times as far from the mean) score within the normal rows' spread; and the networks fit the training rows only, so points in sparse but normal-looking regions between training rows can score low.",
        defaultPolicy: "gaussian_noise_policy"),
])

/// The library's one exported symbol: its descriptor, listing the plugins above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
