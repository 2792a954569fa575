import DashostEstimators
import DashostPluginKit

/// The `pca` detector plugin: PyOD's `PCA()` (sum over principal axes of the distance to the axis
/// divided by its explained-variance ratio), except that zero-variance axes are dropped instead of
/// producing infinite scores.
///
/// Params (defaults as PyOD): `n_components` (0 = all, min(n, d)), `n_selected_components`
/// (0 = all kept), `standardization` (``PCAOutlierDetector/defaultStandardize``), `weighted`
/// (``PCAOutlierDetector/defaultWeighted``).
final class PCA: DetectorPlugin {
    private var model: PCAOutlierDetector

    init(params: PluginParams, seed: UInt64) throws {
        let components = try params.int("n_components", default: 0, in: 0...1_000_000,
                                        doc: "principal components fitted; 0 = all, min(rows, columns)")
        let selected = try params.int("n_selected_components", default: 0, in: 0...1_000_000,
                                      doc: "components in the score, counted from the smallest variance (PyOD); 0 = all fitted")
        let standardize = try params.bool("standardization", default: PCAOutlierDetector.defaultStandardize,
                                           doc: "standardise each column with the training mean and standard deviation first")
        let weighted = try params.bool("weighted", default: PCAOutlierDetector.defaultWeighted,
                                    doc: "divide each component's distance by its explained-variance ratio")
        if components > 0 && selected > components {
            throw PluginError.badParams(
                "parameter 'n_selected_components' = \(selected) exceeds 'n_components' = \(components)")
        }
        model = PCAOutlierDetector(standardize: standardize, weighted: weighted,
                                   components: components == 0 ? nil : components,
                                   selectedComponents: selected == 0 ? nil : selected)
    }

    func fit(_ X: MatrixView) throws {
        do {
            try model.fit(X)
        } catch {
            throw PluginError.internalError("\(error)")
        }
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        model.score(X, into: out)
    }
}
