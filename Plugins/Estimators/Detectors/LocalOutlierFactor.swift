import DashostPluginKit

/// Local Outlier Factor in novelty mode, as PyOD's `LOF` (scikit-learn `LocalOutlierFactor` with
/// `novelty=True`): a row's score is the mean local reachability density of its k nearest training
/// rows divided by its own (about 1 inside a cluster, larger when the row is sparser than its
/// neighbours).
///
/// With `k = min(neighbors, n - 1)` (at least 1), for training rows (each without itself):
/// - `kdist(o)`: distance from `o` to its k-th nearest other training row;
/// - `reach(p, o) = max(dist(p, o), kdist(o))`;
/// - `lrd(p) = 1 / (mean over p's k neighbours o of reach(p, o) + 1e-10)`; the `1e-10` is
///   scikit-learn's guard against duplicates, where all reachability distances are 0;
/// - `score(x) = mean over x's k nearest training rows o of lrd(o) / lrd(x)`.
public final class LocalOutlierFactor {
    /// The default `neighbors`: scikit-learn's and PyOD's `n_neighbors`.
    public static let defaultNeighbors = 20

    /// Requested neighbours (default ``defaultNeighbors``).
    public let neighbors: Int
    /// The k in use after `fit`: `min(neighbors, n - 1)`, at least 1.
    public private(set) var effectiveNeighbors = 0
    private var search: NeighborSearch?
    /// Distance of each training row to its k-th nearest other training row.
    private var kDistance: [Double] = []
    /// Local reachability density of each training row.
    public private(set) var trainingDensity: [Double] = []
    /// LOF of each training row computed without itself (scikit-learn's `-negative_outlier_factor_`).
    public private(set) var trainingScores: [Double] = []

    /// An unfitted detector.
    public init(neighbors: Int = LocalOutlierFactor.defaultNeighbors) {
        precondition(neighbors >= 1, "LOF: neighbors must be >= 1")
        self.neighbors = neighbors
    }

    /// Learns k-distances and densities of the training rows.
    public func fit(_ X: MatrixView) {
        let search = NeighborSearch(training: X)
        self.search = search
        let n = X.rows
        let k = max(1, min(neighbors, n - 1))
        effectiveNeighbors = k
        guard n > 1 else {
            // One row: no other row to measure against. It is its own (only) neighbour at distance 0.
            kDistance = [0]
            trainingDensity = [1e10]
            trainingScores = [1]
            return
        }
        let nn = search.queryTraining(k: k)
        kDistance = (0..<n).map { nn.distance($0, k - 1) }
        trainingDensity = densities(nn)
        trainingScores = ratios(nn, densities: trainingDensity)
    }

    /// LOF of every row of `X` against the training rows (a training row passed again counts itself
    /// as a neighbour, as in scikit-learn's `score_samples`).
    public func score(_ X: MatrixView) -> [Double] {
        guard let search else { preconditionFailure("LOF: score before fit") }
        let nn = search.query(X, k: effectiveNeighbors, excludingSelf: false)
        return ratios(nn, densities: densities(nn))
    }

    /// `lrd` of each query row from its neighbours' k-distances.
    private func densities(_ nn: Neighbors) -> [Double] {
        let k = nn.k
        var out = [Double](repeating: 0, count: nn.rows)
        kDistance.withUnsafeBufferPointer { kd in
            for i in 0..<nn.rows {
                var s = 0.0
                for j in 0..<k { s += max(nn.distance(i, j), kd[nn.index(i, j)]) }
                out[i] = 1 / (s / Double(k) + 1e-10)
            }
        }
        return out
    }

    /// Mean of `lrd(neighbour) / lrd(row)` per query row.
    private func ratios(_ nn: Neighbors, densities own: [Double]) -> [Double] {
        let k = nn.k
        var out = [Double](repeating: 0, count: nn.rows)
        trainingDensity.withUnsafeBufferPointer { lrd in
            for i in 0..<nn.rows {
                var s = 0.0
                for j in 0..<k { s += lrd[nn.index(i, j)] / own[i] }
                out[i] = s / Double(k)
            }
        }
        return out
    }
}
