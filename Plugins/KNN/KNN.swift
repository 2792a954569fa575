import DashostEstimators
import DashostPluginKit

/// The `knn` detector plugin: PyOD's `KNN`, scoring a row by its distances to its nearest training rows.
///
/// Params (defaults as PyOD, ``KNearestNeighborsDetector/defaultNeighbors`` and
/// ``KNearestNeighborsDetector/defaultMethod``): `n_neighbors` (when training has fewer rows, all but
/// one are used), `method` ("largest" = distance to the k-th neighbour, "mean", "median"). Euclidean distance.
/// Deterministic: the seed is unused.
final class KNN: TrainingScoresDetectorPlugin {
    private let detector: KNearestNeighborsDetector

    init(params: PluginParams, seed: UInt64) throws {
        let k = try params.int("n_neighbors", default: KNearestNeighborsDetector.defaultNeighbors, in: 1...100_000,
                               doc: "neighbours k (capped at training rows - 1)")
        let method = try params.choice("method", default: KNearestNeighborsDetector.defaultMethod.rawValue,
                                       among: KNearestNeighborsDetector.Method.allCases.map(\.rawValue),
                                       doc: "score: largest (distance to the k-th neighbour), mean or median of the k distances")
        detector = KNearestNeighborsDetector(neighbors: k, method: KNearestNeighborsDetector.Method(rawValue: method)!)
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
