import DashostEstimators
import DashostPluginKit

/// The `iforest` detector plugin: scikit-learn's / PyOD's Isolation Forest.
///
/// Params (defaults as scikit-learn): `n_estimators` (100), `max_samples` (256, capped at the number
/// of training rows), `max_features` (1.0, fraction of columns per tree). Scores are
/// `2^(-E[h(x)] / c(max_samples))`, higher = more anomalous.
final class IForest: DetectorPlugin {
    private var forest: IsolationForest

    init(params: PluginParams, seed: UInt64) throws {
        let estimators = try params.int("n_estimators", default: 100, in: 1...100_000,
                                         doc: "number of isolation trees")
        let maxSamples = try params.int("max_samples", default: 256, in: 1...100_000_000,
                                         doc: "training rows drawn (without replacement) per tree, capped at the number of training rows")
        let maxFeatures = try params.double("max_features", default: 1.0, in: 1e-9...1.0,
                                            doc: "fraction of the columns each tree splits on")
        forest = IsolationForest(estimators: estimators, maxSamples: maxSamples, maxFeatures: maxFeatures, seed: seed)
    }

    func fit(_ X: MatrixView) throws {
        forest.fit(X)
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        forest.score(X, into: out)
    }
}
