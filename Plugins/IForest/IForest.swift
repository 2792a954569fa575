import DashostEstimators
import DashostPluginKit

/// The `iforest` detector plugin: scikit-learn's / PyOD's Isolation Forest.
///
/// Params (defaults as scikit-learn, the `IsolationForest` constants ``IsolationForest/defaultEstimators``,
/// ``IsolationForest/defaultMaxSamples`` and ``IsolationForest/defaultMaxFeatures``): `n_estimators`,
/// `max_samples` (capped at the number of training rows), `max_features` (fraction of columns per tree). Scores are
/// `2^(-E[h(x)] / c(max_samples))`, higher = more anomalous.
final class IForest: DetectorPlugin {
    private var forest: IsolationForest

    init(params: PluginParams, seed: UInt64) throws {
        let estimators = try params.int("n_estimators", default: IsolationForest.defaultEstimators, in: 1...100_000,
                                         doc: "number of isolation trees")
        let maxSamples = try params.int("max_samples", default: IsolationForest.defaultMaxSamples, in: 1...100_000_000,
                                         doc: "training rows drawn (without replacement) per tree, capped at the number of training rows")
        let maxFeatures = try params.double("max_features", default: IsolationForest.defaultMaxFeatures, in: 1e-9...1.0,
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
