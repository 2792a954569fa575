import DashostEstimators
import DashostPluginKit

/// The `lof` detector plugin: PyOD's `LOF` (scikit-learn `LocalOutlierFactor`, novelty mode).
///
/// Params (defaults as PyOD): `n_neighbors` (``LocalOutlierFactor/defaultNeighbors``; capped at training rows - 1). Euclidean distance.
/// Score = mean local reachability density of the row's neighbours / the row's own; about 1 for
/// inliers. Deterministic: the seed is unused.
final class LOF: TrainingScoresDetectorPlugin {
    private let detector: LocalOutlierFactor

    init(params: PluginParams, seed: UInt64) throws {
        let k = try params.int("n_neighbors", default: LocalOutlierFactor.defaultNeighbors, in: 1...100_000,
                               doc: "neighbours k of the local reachability density (capped at training rows - 1)")
        detector = LocalOutlierFactor(neighbors: k)
    }

    func fit(_ X: MatrixView) throws {
        detector.fit(X)
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        let scores = detector.score(X)
        for i in 0..<out.count { out[i] = scores[i] }
    }

    /// Leave-self-out scores of the training rows (PyOD's `decision_scores_`): a training row is not
    /// its own neighbour, so these are the fair normalisation reference for fusion.
    func trainingScores() throws -> [Double] {
        detector.trainingScores
    }
}
