import DashostPluginKit

/// k-nearest-neighbour outlier detector, as PyOD's `KNN`: a row's score is a summary of its distances
/// to its k nearest training rows (higher = more anomalous).
///
/// Training rows are scored without themselves (PyOD's `decision_scores_`); new rows against all
/// training rows (PyOD's `decision_function`, which a training row passed again also gets, so its
/// nearest distance is then 0).
public final class KNearestNeighborsDetector {
    /// How the k distances become one score.
    public enum Method: String, CaseIterable {
        /// Distance to the k-th nearest neighbour (PyOD's default).
        case largest
        /// Mean of the k distances.
        case mean
        /// Median of the k distances (mean of the two middle ones for even k, as `numpy.median`).
        case median
    }

    /// The default `neighbors`: PyOD's `n_neighbors`.
    public static let defaultNeighbors = 5
    /// The default `method`: PyOD's.
    public static let defaultMethod = Method.largest

    /// Neighbours per row (default ``defaultNeighbors``). Clamped at fit time to the training rows available.
    public let neighbors: Int
    /// The summary of the k distances.
    public let method: Method
    private var search: NeighborSearch?
    /// Scores of the training rows (each without itself), after `fit`.
    public private(set) var trainingScores: [Double] = []

    /// An unfitted detector.
    public init(neighbors: Int = KNearestNeighborsDetector.defaultNeighbors,
                method: Method = KNearestNeighborsDetector.defaultMethod) {
        precondition(neighbors >= 1, "KNN: neighbors must be >= 1")
        self.neighbors = neighbors
        self.method = method
    }

    /// The k actually used: `neighbors`, but at most the training rows minus one (at least 1).
    public var effectiveNeighbors: Int {
        guard let search else { return neighbors }
        return max(1, min(neighbors, search.training.rows - 1))
    }

    /// Indexes the training rows and scores them without themselves (when there are at least two).
    public func fit(_ X: MatrixView) {
        let search = NeighborSearch(training: X)
        self.search = search
        let k = effectiveNeighbors
        if X.rows > k {
            trainingScores = summarize(search.queryTraining(k: k))
        } else {
            trainingScores = [Double](repeating: 0, count: X.rows)
        }
    }

    /// Scores of the rows of `X` against all training rows.
    public func score(_ X: MatrixView) -> [Double] {
        guard let search else { preconditionFailure("KNN: score before fit") }
        return summarize(search.query(X, k: min(effectiveNeighbors, search.training.rows), excludingSelf: false))
    }

    private func summarize(_ nn: Neighbors) -> [Double] {
        let k = nn.k
        var out = [Double](repeating: 0, count: nn.rows)
        for i in 0..<nn.rows {
            switch method {
            case .largest:
                out[i] = nn.distance(i, k - 1)
            case .mean:
                var s = 0.0
                for j in 0..<k { s += nn.distance(i, j) }
                out[i] = s / Double(k)
            case .median:
                // Distances are already sorted ascending.
                out[i] = k % 2 == 1 ? nn.distance(i, k / 2) : (nn.distance(i, k / 2 - 1) + nn.distance(i, k / 2)) / 2
            }
        }
        return out
    }
}
