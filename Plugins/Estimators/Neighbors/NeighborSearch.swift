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
/// parallel. Otherwise `BruteForceSearch`: query rows in blocks (memory grows with `block *
/// training.rows`, never with `queries * training.rows`), each block's distances estimated in single
/// precision by one BLAS `sgemm` with a proven error bound per estimate; only rows whose interval can
/// reach the k nearest are measured exactly. So the fast estimate only prunes, it never decides.
/// Blocks run in parallel; the result does not depend on scheduling. The training rows' own
/// neighbours use the symmetry of their distances where memory allows (`BruteForceSearch.selfJoin`).
///
/// ```swift
/// let search = NeighborSearch(training: train)                 // train: Matrix
/// let nn = search.query(testView, k: 5, excludingSelf: false)  // k nearest training rows
/// let own = search.queryTraining(k: 5)                         // each training row, itself excluded
/// ```
public final class NeighborSearch {
    /// The rows searched among.
    public let training: Matrix
    /// The brute-force search, used when there is no tree.
    private let brute: BruteForceSearch?
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

    /// Whether `queryTraining(k:)` goes through the brute-force self join, which uses the symmetry of
    /// the training rows' distances (else the tree or the block search); the results are the same.
    public func usesSelfJoin(k: Int) -> Bool { brute?.canSelfJoin(k: k) ?? false }

    /// The last `queryTraining` result: each training row's nearest other training rows. When the
    /// training rows themselves are queried again (a policy scoring the training set), their
    /// neighbours are these plus the row itself at distance 0, so no search is needed.
    private var trainingNeighbors: Neighbors?

    /// The k-d tree to search with, or nil for brute force.
    private static func chooseTree(_ training: Matrix) -> KDTree? {
        guard training.rows > 256, training.cols <= treeProbeMaxFeatures else { return nil }
        let tree = training.withView { KDTree(training: $0) }
        if training.cols <= treeMaxFeatures { return tree }
        return tree.measuredShare(k: 10, stopAbove: treeProbeShare) <= treeProbeShare ? tree : nil
    }

    /// Indexes `training` (copied; the search keeps no reference to the caller's storage).
    public init(training: Matrix) {
        self.training = training
        tree = NeighborSearch.chooseTree(training)
        brute = tree != nil ? nil : training.values.withUnsafeBufferPointer {
            BruteForceSearch(train: $0.baseAddress!, n: training.rows, d: training.cols)
        }
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
                        let stack = UnsafeMutableRawPointer.allocate(byteCount: tree.stackBytes, alignment: 16)
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

        let brute = brute!
        if excludingSelf && brute.canSelfJoin(k: k) {
            distances.withUnsafeMutableBufferPointer { distOut in
                indices.withUnsafeMutableBufferPointer { idxOut in
                    training.values.withUnsafeBufferPointer { trainBuf in
                        brute.selfJoin(k: k, train: trainBuf.baseAddress!, distOut: distOut.baseAddress!,
                                       idxOut: idxOut.baseAddress!)
                    }
                }
            }
            return Neighbors(k: k, distances: distances, indices: indices)
        }
        let block = BruteForceSearch.blockRows(queries: m)
        let blocks = (m + block - 1) / block
        distances.withUnsafeMutableBufferPointer { distOut in
            indices.withUnsafeMutableBufferPointer { idxOut in
                training.values.withUnsafeBufferPointer { trainBuf in
                    Parallel.forChunks(of: blocks, minimumPerChunk: 1) { range in
                        let scratch = BruteForceSearch.Scratch(block: block, d: d, k: k)
                        for b in range {
                            let lo = b * block, hi = min(m, lo + block)
                            brute.run(X, rows: lo..<hi, k: k, skipSelf: excludingSelf, train: trainBuf.baseAddress!,
                                      scratch: scratch, distOut: distOut.baseAddress!, idxOut: idxOut.baseAddress!)
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
///
/// Eight independent partial sums (entries `j`, `j + 8`, ... go to sum `j % 8`), added pairwise at the
/// end, then the remaining entries in order: the compiler keeps them in vector registers, and no
/// addition waits for the one before it (a single running sum made this a chain of `count` dependent
/// additions, the slowest part of the brute-force search's verification).
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
    var j = 0
    while j + 8 <= count {
        let t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1], t2 = a[j + 2] - b[j + 2], t3 = a[j + 3] - b[j + 3]
        let t4 = a[j + 4] - b[j + 4], t5 = a[j + 5] - b[j + 5], t6 = a[j + 6] - b[j + 6], t7 = a[j + 7] - b[j + 7]
        s0 += t0 * t0; s1 += t1 * t1; s2 += t2 * t2; s3 += t3 * t3
        s4 += t4 * t4; s5 += t5 * t5; s6 += t6 * t6; s7 += t7 * t7
        j += 8
    }
    var s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    while j < count {
        let t = a[j] - b[j]
        s += t * t
        j += 1
    }
    return s
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

/// Offers `(v, i)` to a max-heap of at most `k` (distance, index) pairs holding the k smallest seen:
/// pushed while the heap is not full, else it replaces the top if it orders before it (smaller
/// distance, or equal distance and lower index), so the result does not depend on the order in which
/// rows are offered.
@inline(__always)
func pairOffer(_ hd: UnsafeMutablePointer<Double>, _ hi: UnsafeMutablePointer<Int>, _ size: inout Int, k: Int,
               _ v: Double, _ i: Int) {
    if size < k {
        pairPush(hd, hi, &size, v, i)
    } else if after(hd[0], hi[0], v, i) {
        pairReplaceTop(hd, hi, size, v, i)
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
