import COpenBLAS
import DashostPluginKit
import Foundation

/// The k nearest training rows of each query row, as returned by `NeighborSearch.query`.
///
/// Row-major: the neighbours of query row `i` are entries `i * k ..< (i + 1) * k`, nearest first.
public struct Neighbors {
    /// Neighbours per query row.
    public let k: Int
    /// Euclidean distances, `rows * k` values, ascending within each row.
    public var distances: [Double]
    /// Training row indices matching `distances`; equal distances are ordered by index.
    public var indices: [Int]

    /// Number of query rows.
    public var rows: Int { k == 0 ? 0 : distances.count / k }

    /// Creates a result from row-major distances and indices (`distances.count == indices.count`).
    public init(k: Int, distances: [Double], indices: [Int]) {
        precondition(distances.count == indices.count, "Neighbors: distances and indices differ in length")
        self.k = k
        self.distances = distances
        self.indices = indices
    }

    /// Distance from query row `i` to its `j`-th nearest neighbour (`j = 0` is the nearest).
    @inlinable public func distance(_ i: Int, _ j: Int) -> Double { distances[i * k + j] }

    /// Training index of query row `i`'s `j`-th nearest neighbour.
    @inlinable public func index(_ i: Int, _ j: Int) -> Int { indices[i * k + j] }
}

/// Exact Euclidean k-nearest-neighbour search over a fixed set of training rows.
///
/// The result equals brute force: the k training rows with the smallest distance, ties broken by the
/// lower training index, distances computed directly as `sqrt(sum (a - b)^2)`.
///
/// How, up to `treeMaxFeatures` features (and more than 256 training rows), or up to
/// `treeProbeMaxFeatures` where a probe shows the boxes prune: an exact `KDTree`, queries in
/// parallel. Otherwise brute force: query rows are processed in blocks (memory grows with `block * training.rows`, never with
/// `queries * training.rows`). A block's squared distances are estimated with one BLAS `dgemm` as
/// `|a|^2 + |b|^2 - 2 a.b`; every training row whose estimate lies within the estimate's rounding
/// error of the k-th smallest is then re-measured exactly, and the k best of those are kept. So the
/// fast estimate only prunes, it never decides. Blocks run in parallel; the result does not depend
/// on scheduling.
///
/// ```swift
/// let search = NeighborSearch(training: train)                 // train: Matrix
/// let nn = search.query(testView, k: 5, excludingSelf: false)  // k nearest training rows
/// let own = search.queryTraining(k: 5)                         // each training row, itself excluded
/// ```
public final class NeighborSearch {
    /// The rows searched among.
    public let training: Matrix
    /// Squared Euclidean norm of every training row.
    private let trainingNorms: [Double]
    /// Largest entry of `trainingNorms`, for the rounding-error bound.
    private let maxTrainingNorm: Double
    /// A k-d tree over the training rows when there are few features (`treeMaxFeatures`) and enough
    /// rows to prune; queries then use it instead of brute force (same results, see `KDTree`).
    private let tree: KDTree?

    /// Most features for which the k-d tree is always used (scikit-learn's `algorithm="auto"` rule:
    /// trees up to 15 features, brute force above, where pruning by boxes usually stops paying).
    public static let treeMaxFeatures = 15
    /// Above `treeMaxFeatures`, up to this many features, the tree is kept when a probe shows it
    /// measures at most `treeProbeShare` of the training rows per query: real data often lies near a
    /// low-dimensional set, where boxes still prune although the feature count is high. Both
    /// searches are exact and give identical results; only the work differs.
    public static let treeProbeMaxFeatures = 64
    /// See `treeProbeMaxFeatures`: a scalar tree distance costs about five times a brute-force
    /// estimate (BLAS), so the tree must skip at least 80 % of the rows.
    public static let treeProbeShare = 0.2

    /// Whether queries go through the k-d tree (else brute force); the results are the same.
    public var usesTree: Bool { tree != nil }

    /// The last `queryTraining` result: each training row's nearest other training rows. When the
    /// training rows themselves are queried again (a policy scoring the training set), their
    /// neighbours are these plus the row itself at distance 0, so no search is needed.
    private var trainingNeighbors: Neighbors?

    /// The k-d tree to search with, or nil for brute force.
    private static func chooseTree(_ training: Matrix) -> KDTree? {
        guard training.rows > 256, training.cols <= treeProbeMaxFeatures else { return nil }
        let tree = training.withView { KDTree(training: $0) }
        if training.cols <= treeMaxFeatures { return tree }
        return tree.measuredShare(k: 10) <= treeProbeShare ? tree : nil
    }

    /// Indexes `training` (copied; the search keeps no reference to the caller's storage).
    public init(training: Matrix) {
        self.training = training
        var norms = [Double](repeating: 0, count: training.rows)
        training.values.withUnsafeBufferPointer { t in
            for i in 0..<training.rows {
                norms[i] = squaredNorm(t.baseAddress! + i * training.cols, training.cols)
            }
        }
        trainingNorms = norms
        maxTrainingNorm = norms.max() ?? 0
        tree = NeighborSearch.chooseTree(training)
    }

    /// Indexes a copy of the borrowed `training` rows.
    public convenience init(training: MatrixView) {
        self.init(training: Matrix(training))
    }

    /// The `k` nearest training rows of every row of `X`.
    ///
    /// - Parameters:
    ///   - X: query rows, `X.cols == training.cols`.
    ///   - k: neighbours per row, `1 <= k <= training.rows` (`training.rows - 1` when excluding self).
    ///   - excludingSelf: `X` *is* the training set (row `i` of `X` is training row `i`) and a row must
    ///     not be its own neighbour. Other rows identical to it are still neighbours at distance 0.
    public func query(_ X: MatrixView, k: Int, excludingSelf: Bool = false) -> Neighbors {
        let n = training.rows, d = training.cols
        precondition(X.cols == d, "NeighborSearch: query has \(X.cols) columns, training has \(d)")
        precondition(!excludingSelf || X.rows == n, "NeighborSearch: excludingSelf needs the training rows as query")
        let available = excludingSelf ? n - 1 : n
        precondition(k >= 1 && k <= available, "NeighborSearch: k = \(k) but only \(available) candidate rows")

        if !excludingSelf, let own = trainingNeighbors, own.k >= k - 1, isTraining(X),
           let derived = Self.addingSelf(to: own, k: k) {
            return derived
        }
        let m = X.rows
        var distances = [Double](repeating: 0, count: m * k)
        var indices = [Int](repeating: 0, count: m * k)
        guard m > 0 else { return Neighbors(k: k, distances: distances, indices: indices) }
        if let tree {
            distances.withUnsafeMutableBufferPointer { distOut in
                indices.withUnsafeMutableBufferPointer { idxOut in
                    Parallel.forChunks(of: m, minimumPerChunk: 64) { range in
                        let heapD = UnsafeMutablePointer<Double>.allocate(capacity: k)
                        let heapI = UnsafeMutablePointer<Int>.allocate(capacity: k)
                        let stack = UnsafeMutablePointer<Int>.allocate(capacity: tree.nodeCount + 2)
                        defer { heapD.deallocate(); heapI.deallocate(); stack.deallocate() }
                        for i in range {
                            tree.query(X.data + i * d, k: k, exclude: excludingSelf ? i : -1,
                                       distances: distOut.baseAddress! + i * k, indices: idxOut.baseAddress! + i * k,
                                       heapD: heapD, heapI: heapI, stack: stack)
                        }
                    }
                }
            }
            return Neighbors(k: k, distances: distances, indices: indices)
        }

        // Rows per block: keep one block's distance tile near 8 MB of doubles.
        let block = max(1, min(512, (1 << 20) / max(1, n)))
        let blocks = (m + block - 1) / block
        distances.withUnsafeMutableBufferPointer { distOut in
            indices.withUnsafeMutableBufferPointer { idxOut in
                training.values.withUnsafeBufferPointer { trainBuf in
                    trainingNorms.withUnsafeBufferPointer { normBuf in
                        let context = BlockContext(
                            train: trainBuf.baseAddress!, norms: normBuf.baseAddress!, maxNorm: maxTrainingNorm,
                            n: n, d: d, k: k, excludingSelf: excludingSelf,
                            distOut: distOut.baseAddress!, idxOut: idxOut.baseAddress!)
                        Parallel.forChunks(of: blocks, minimumPerChunk: 1) { range in
                            let scratch = BlockScratch(block: block, n: n, k: k)
                            defer { scratch.deallocate() }
                            for b in range {
                                let lo = b * block, hi = min(m, lo + block)
                                context.run(X, rows: lo..<hi, scratch: scratch)
                            }
                        }
                    }
                }
            }
        }
        return Neighbors(k: k, distances: distances, indices: indices)
    }

    /// The `k` nearest other training rows of every training row (`query(training, k, excludingSelf: true)`).
    /// The result is kept: a later `query` of the training rows themselves is derived from it.
    public func queryTraining(k: Int) -> Neighbors {
        let result = training.withView { query($0, k: k, excludingSelf: true) }
        trainingNeighbors = result
        return result
    }

    /// Whether `X` holds exactly the training rows, bit for bit (then every score of it is the
    /// training rows' score, whoever owns the memory).
    private func isTraining(_ X: MatrixView) -> Bool {
        guard X.rows == training.rows, X.cols == training.cols else { return false }
        return training.values.withUnsafeBytes { t in memcmp(X.data, t.baseAddress!, t.count) == 0 }
    }

    /// The `k` nearest training rows of every training row, itself included, from each row's nearest
    /// other rows `own` (`own.k >= k - 1`): the row itself at distance 0 merged in by (distance,
    /// index), exactly where a search would place it (after identical rows of lower index). Nil when
    /// that place is not known: `k > own.k` and a row's kept list is all duplicates of it (distance
    /// 0), so the next other row might also be a duplicate of lower index than the row itself.
    static func addingSelf(to own: Neighbors, k: Int) -> Neighbors? {
        let n = own.rows, kOwn = own.k
        var distances = [Double](repeating: 0, count: n * k)
        var indices = [Int](repeating: 0, count: n * k)
        for i in 0..<n {
            var taken = 0, placed = false
            for slot in 0..<k {
                let o = i * kOwn + taken
                let selfNext: Bool
                if placed {
                    selfNext = false
                } else if taken == kOwn {
                    // Every kept row comes before the row itself; the row is next only if the next
                    // other row is certainly farther, i.e. the last kept one already is.
                    guard own.distances[o - 1] > 0 else { return nil }
                    selfNext = true
                } else {
                    selfNext = after(own.distances[o], own.indices[o], 0, i)
                }
                if selfNext {
                    distances[i * k + slot] = 0
                    indices[i * k + slot] = i
                    placed = true
                } else {
                    distances[i * k + slot] = own.distances[o]
                    indices[i * k + slot] = own.indices[o]
                    taken += 1
                }
            }
        }
        return Neighbors(k: k, distances: distances, indices: indices)
    }
}

/// Sum of squares of `count` doubles.
@inline(__always)
func squaredNorm(_ a: UnsafePointer<Double>, _ count: Int) -> Double {
    var s = 0.0
    for j in 0..<count { s += a[j] * a[j] }
    return s
}

/// Exact squared Euclidean distance between two rows of `count` doubles (the one arithmetic every
/// exact neighbour distance uses, so the brute-force and tree searches agree to the bit).
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var s = 0.0
    for j in 0..<count {
        let t = a[j] - b[j]
        s += t * t
    }
    return s
}

/// Per-thread working memory: one block's tile of estimates plus selection buffers.
private final class BlockScratch {
    /// `block * n` squared-distance estimates, row-major.
    let tile: UnsafeMutablePointer<Double>
    /// Max-heap of the k smallest estimates of the current row.
    let heap: UnsafeMutablePointer<Double>
    /// Indices of the k best candidates of the current row (a heap).
    let candidates: UnsafeMutablePointer<Int>
    /// Exact squared distances of the k best candidates (the heap's keys).
    let exact: UnsafeMutablePointer<Double>
    /// Training rows whose estimate was within the margin of the running k-th estimate (`n` at most).
    let pool: UnsafeMutablePointer<Int>

    init(block: Int, n: Int, k: Int) {
        tile = .allocate(capacity: block * n)
        heap = .allocate(capacity: k)
        candidates = .allocate(capacity: k)
        exact = .allocate(capacity: k)
        pool = .allocate(capacity: n)
    }

    func deallocate() {
        tile.deallocate(); heap.deallocate(); candidates.deallocate(); exact.deallocate(); pool.deallocate()
    }
}

/// Everything one block of queries needs, as raw pointers valid for the duration of `query`.
private struct BlockContext {
    let train: UnsafePointer<Double>
    let norms: UnsafePointer<Double>
    let maxNorm: Double
    let n: Int
    let d: Int
    let k: Int
    let excludingSelf: Bool
    let distOut: UnsafeMutablePointer<Double>
    let idxOut: UnsafeMutablePointer<Int>

    func run(_ X: MatrixView, rows: Range<Int>, scratch: BlockScratch) {
        let b = rows.count
        let tile = scratch.tile
        // tile = |a|^2 + |b|^2, then tile -= 2 Xblock * train^T (b x n) in the same dgemm (beta = 1):
        // the estimates come out of BLAS directly, and BLAS does not clear the tile first (beta = 0
        // would: a memset of the whole tile, 8 % of LOF's profile on 62 features).
        var queryNorms = [Double](repeating: 0, count: b)
        for r in 0..<b {
            let qn = squaredNorm(X.data + (rows.lowerBound + r) * d, d)
            queryNorms[r] = qn
            let row = tile + r * n
            for j in 0..<n { row[j] = qn + norms[j] }
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(b), Int32(n), Int32(d),
                    -2.0, X.data + rows.lowerBound * d, Int32(d), train, Int32(d), 1.0, tile, Int32(n))
        for r in 0..<b {
            let qi = rows.lowerBound + r
            selectRow(query: X.data + qi * d, queryIndex: qi, queryNorm: queryNorms[r], estimates: tile + r * n,
                      scratch: scratch)
        }
    }

    /// Selects the k nearest from one row of estimates: one pass keeps the k smallest estimates and
    /// pools every row within the margin of the running k-th one; the pooled rows within the margin
    /// of the final k-th are measured exactly, and the k best of those are written to the output.
    private func selectRow(query q: UnsafePointer<Double>, queryIndex qi: Int, queryNorm qn: Double,
                           estimates: UnsafePointer<Double>, scratch: BlockScratch) {
        // The estimate's error is a few ulps of |a|^2 + |b|^2 (plus d roundings in the dot product):
        // anything within that margin of the k-th estimate might truly belong to the k nearest.
        let margin = Double(d + 8) * 4 * Double.ulpOfOne * (qn + maxNorm)
        let skip = excludingSelf ? qi : -1

        // k-th smallest estimate via a max-heap of size k. The running k-th only falls, so rows
        // pooled against it are a superset of those within the margin of the final one.
        let heap = scratch.heap, pool = scratch.pool
        var size = 0, pooled = 0
        var bound = Double.infinity
        var start = 0
        while start < n {
            let end = min(n, start + 64)
            // Once the heap is full, most runs of 64 estimates lie wholly above the bound: a vector
            // minimum rules a run out in a few instructions instead of 64 compare-and-branch steps.
            if size == k && end - start == 64 {
                if runMinimum(estimates + start) > bound { start = end; continue }
            }
            for j in start..<end where j != skip {
                let v = max(0, estimates[j])
                if size < k {
                    heapPush(heap, &size, v)
                    if size == k { bound = heap[0] + margin }
                } else if v < heap[0] {
                    heapReplaceTop(heap, size, v)
                    bound = heap[0] + margin
                }
                if v <= bound { pool[pooled] = j; pooled += 1 }
            }
            start = end
        }
        let limit = heap[0] + margin

        // Measure the candidates exactly and keep the k best by (distance, index) in a max-heap.
        // Discrete data (one-hot columns) can tie thousands of rows at the k-th distance, so this is a
        // bounded heap, not a sort of all candidates. Candidates arrive in index order, so a newcomer
        // that only ties the current worst never replaces it: ties go to the lower index.
        let hd = scratch.exact, hi = scratch.candidates
        size = 0
        for c in 0..<pooled {
            let j = pool[c]
            guard max(0, estimates[j]) <= limit else { continue }
            let e = squaredDistance(q, train + j * d, d)
            if size < k {
                pairPush(hd, hi, &size, e, j)
            } else if e < hd[0] {
                pairReplaceTop(hd, hi, size, e, j)
            }
        }
        pairDrain(hd, hi, size, distances: distOut + qi * k, indices: idxOut + qi * k)
    }
}

/// The smallest of 64 consecutive doubles, in four independent lanes of compare-and-select that the
/// compiler turns into vector minimums (no NaN handling needed: estimates are finite).
@inline(__always)
private func runMinimum(_ p: UnsafePointer<Double>) -> Double {
    var a = p[0], b = p[1], c = p[2], d = p[3]
    for i in stride(from: 4, to: 64, by: 4) {
        let w = p[i], x = p[i + 1], y = p[i + 2], z = p[i + 3]
        a = w < a ? w : a; b = x < b ? x : b; c = y < c ? y : c; d = z < d ? z : d
    }
    a = b < a ? b : a; c = d < c ? d : c
    return c < a ? c : a
}

/// Whether pair `(d1, i1)` orders after `(d2, i2)`: larger distance, or equal distance and larger index.
@inline(__always)
func after(_ d1: Double, _ i1: Int, _ d2: Double, _ i2: Int) -> Bool {
    d1 > d2 || (d1 == d2 && i1 > i2)
}

/// Empties a max-heap of `size` (squared distance, index) pairs into `distances` (square-rooted) and
/// `indices`, nearest first: popping from the back puts the worst last.
@inline(__always)
func pairDrain(_ hd: UnsafeMutablePointer<Double>, _ hi: UnsafeMutablePointer<Int>, _ size: Int,
               distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>) {
    var size = size
    while size > 0 {
        distances[size - 1] = hd[0].squareRoot()
        indices[size - 1] = hi[0]
        size -= 1
        if size > 0 { pairReplaceTop(hd, hi, size, hd[size], hi[size]) }
    }
}

/// Pushes `(v, i)` onto a max-heap of (distance, index) pairs stored in two parallel arrays.
@inline(__always)
func pairPush(_ hd: UnsafeMutablePointer<Double>, _ hi: UnsafeMutablePointer<Int>, _ size: inout Int,
             _ v: Double, _ i: Int) {
    var c = size
    size += 1
    while c > 0 {
        let p = (c - 1) / 2
        if !after(v, i, hd[p], hi[p]) { break }
        hd[c] = hd[p]; hi[c] = hi[p]
        c = p
    }
    hd[c] = v; hi[c] = i
}

/// Replaces the top (worst) pair of a max-heap of `size` pairs with `(v, i)` and restores the heap.
@inline(__always)
func pairReplaceTop(_ hd: UnsafeMutablePointer<Double>, _ hi: UnsafeMutablePointer<Int>, _ size: Int,
                    _ v: Double, _ i: Int) {
    var c = 0
    while true {
        let l = 2 * c + 1
        if l >= size { break }
        let r = l + 1
        let m = (r < size && after(hd[r], hi[r], hd[l], hi[l])) ? r : l
        if !after(hd[m], hi[m], v, i) { break }
        hd[c] = hd[m]; hi[c] = hi[m]
        c = m
    }
    hd[c] = v; hi[c] = i
}

/// Pushes `v` onto a binary max-heap of `size` elements.
@inline(__always)
private func heapPush(_ h: UnsafeMutablePointer<Double>, _ size: inout Int, _ v: Double) {
    var i = size
    size += 1
    while i > 0 {
        let p = (i - 1) / 2
        if h[p] >= v { break }
        h[i] = h[p]
        i = p
    }
    h[i] = v
}

/// Replaces the maximum of a binary max-heap of `size` elements with `v` and restores the heap.
@inline(__always)
private func heapReplaceTop(_ h: UnsafeMutablePointer<Double>, _ size: Int, _ v: Double) {
    var i = 0
    while true {
        let l = 2 * i + 1
        if l >= size { break }
        let r = l + 1
        let c = (r < size && h[r] > h[l]) ? r : l
        if h[c] <= v { break }
        h[i] = h[c]
        i = c
    }
    h[i] = v
}
