import DashostPluginKit

/// The `k` nearest *other* training rows of a chosen subset of training rows, found with
/// `NeighborSearch` in one batched query (policies need neighbours of their seeds only, not of every
/// training row).
struct TrainingNeighbors {
    /// Neighbours per row (at most `training.rows - 1`; 0 when there is a single training row).
    let k: Int
    /// Row-major `rows.count x k` training indices, nearest first.
    let indices: [Int]
    /// Matching Euclidean distances.
    let distances: [Double]

    /// Neighbours of training rows `rows` (indices into `search.training`), each row itself excluded:
    /// the query asks for `k + 1` and drops the row's own entry (or the farthest one when exact
    /// duplicates with lower indices crowd it out, which leaves the same distances).
    init(_ search: NeighborSearch, rows: [Int], k wanted: Int) {
        let n = search.training.rows, cols = search.training.cols
        let k = min(wanted, n - 1)
        self.k = k
        guard k > 0, !rows.isEmpty else {
            indices = []
            distances = []
            return
        }
        if rows.count == n && rows.elementsEqual(0..<n) {
            // Every training row, in order: exactly `queryTraining` (the k nearest others by
            // (distance, index) are what dropping each row from its k + 1 nearest leaves, see above),
            // without copying the rows or asking for one neighbour more.
            let own = search.queryTraining(k: k)
            indices = own.indices
            distances = own.distances
            return
        }
        var query = Matrix(rows: rows.count, cols: cols)
        for (r, i) in rows.enumerated() {
            for j in 0..<cols { query[r, j] = search.training[i, j] }
        }
        let found = query.withView { search.query($0, k: k + 1) }
        var idx: [Int] = [], dist: [Double] = []
        idx.reserveCapacity(rows.count * k)
        dist.reserveCapacity(rows.count * k)
        for (r, own) in rows.enumerated() {
            let skip = (0...k).first { found.index(r, $0) == own } ?? k
            for j in 0...k where j != skip {
                idx.append(found.index(r, j))
                dist.append(found.distance(r, j))
            }
        }
        indices = idx
        distances = dist
    }
}
