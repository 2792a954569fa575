import COpenBLAS
import DashostPluginKit

/// Exact brute-force k-nearest-neighbour search: single-precision estimates from BLAS, verified in
/// double precision.
///
/// Why single precision: the squared distances of a block of queries to every training row are one
/// matrix product (`|a|^2 + |b|^2 - 2 a.b`), which is most of the cost. `sgemm` does twice the work
/// per instruction of `dgemm` and moves half the bytes, and the selection scans a tile half the size.
///
/// Why it is still exact: each estimate `E_j` comes with a proven bound `w_j` on its error,
/// `|E_j - s^2 D_j| <= w_j`, where `D_j` is the squared distance `squaredDistance` computes and `s`
/// the scale below (estimates and bounds are only compared with each other, exact distances only
/// with exact distances). The k smallest upper bounds `E_j + w_j` bound the k-th distance from
/// above, so only rows whose lower bound `E_j - w_j` lies below it can be among the k nearest; those
/// few are measured exactly in double, and the k best by (distance, index) are kept. The estimate
/// prunes, it never decides: the result is bit for bit the plain double-precision brute force.
///
/// The bound: rows are centred on the training mean and scaled by a power of two `s` (exact) so the
/// values sit well inside `Float`'s range; then rounding to `Float` (relative `u = 2^-24` per value),
/// the norms and the `d`-term dot product in `sgemm` (any summation order: `gamma_(d+1)`) and the
/// final additions give `|E_j - s^2 D_j| <= (2d + 12) u (|a|^2 + |b_j|^2)` up to terms of order
/// `u^2`. The code uses `(2d + 32) u`, which also covers rounding the tile's starting value and the
/// bounds themselves, plus a tiny absolute term for values that underflow in `Float`. Centring keeps
/// `|a|^2 + |b_j|^2` near the distances themselves, and the bound is per training row, so one far
/// outlier widens only its own interval. A query row too far out for `Float` (a test row at 2^40
/// times the training spread) is measured exactly against every row, as is all data whose scale
/// cannot be made exact (below about 2^-410 or above 2^490).
final class BruteForceSearch {
    /// Training rows and features.
    let n: Int, d: Int
    /// Column means of the training rows (the centre).
    let center: [Double]
    /// Power of two the centred values are multiplied by (exact in binary).
    let scale: Double
    /// Centred, scaled training rows rounded to `Float`, row-major.
    let points: [Float]
    /// Squared norm of each centred, scaled training row (computed in double, rounded).
    let norms: [Float]
    /// `norms[j] (1 - c) - floor` (`c = errorPerNorm(d)`, `floor = errorFloor`): the training row's
    /// part of a tile's starting value, so that the tile comes out of `sgemm` holding the lower
    /// bounds `E_j - w_j` themselves.
    let shiftedNorms: [Float]
    /// Whether the estimates can be used at all (false only for data at the edge of `Double`'s
    /// range, where scaling into `Float`'s cannot be made exact); then every query is measured exactly.
    let usable: Bool

    /// Largest squared norm of a scaled query row that is still estimated (values up to 2^40, while
    /// the training spread is scaled to about 2^10).
    private static let queryNormLimit = 0x1p80

    /// Prepares the single-precision copy of the `n x d` row-major training rows at `train`.
    init(train: UnsafePointer<Double>, n: Int, d: Int) {
        self.n = n
        self.d = d
        var center = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let row = train + i * d
            for j in 0..<d { center[j] += row[j] }
        }
        if n > 0 { for j in 0..<d { center[j] /= Double(n) } }
        var largest = 0.0
        for i in 0..<n {
            let row = train + i * d
            for j in 0..<d { largest = max(largest, abs(row[j] - center[j])) }
        }
        // Scale the widest centred value to [2^10, 2^11): squared norms stay far below Float's limit
        // and small values far above its underflow.
        var scale = 1.0
        var usable = largest.isFinite
        if largest > 0 && usable {
            let exponent = 10 - Int(largest.exponent)
            // Below about 2^-410 the double distances themselves underflow in part, an error the
            // bound does not cover (it assumes them accurate to their last bit); such data, and data
            // too large to scale, is measured exactly.
            usable = exponent > -500 && exponent < 420
            if usable { scale = Double(sign: .plus, exponent: exponent, significand: 1) }
        }
        var points = [Float](repeating: 0, count: usable ? n * d : 0)
        var norms = [Float](repeating: 0, count: usable ? n : 0)
        if usable {
            for i in 0..<n {
                let row = train + i * d
                var s = 0.0
                for j in 0..<d {
                    let a = (row[j] - center[j]) * scale
                    s += a * a
                    points[i * d + j] = Float(a)
                }
                norms[i] = Float(s)
            }
        }
        self.center = center
        self.scale = scale
        self.points = points
        self.norms = norms
        let c = Self.errorPerNorm(d), floor = Self.errorFloor
        self.shiftedNorms = norms.map { $0 * (1 - c) - floor }
        self.usable = usable
    }

    /// Query rows per block: up to 256, fewer when there are few queries so that both cores get
    /// several blocks.
    static func blockRows(queries m: Int) -> Int { max(16, min(256, (m + 7) / 8)) }

    /// Training rows per tile: a block's tile of estimates (`block x chunk` floats, 1 MB) stays in
    /// the core's cache from the moment it is filled until it is scanned, and each `sgemm` packs the
    /// training chunk once for 256 query rows (packing the whole training set per small block of
    /// queries was a sixth of the time).
    static let chunkRows = 1024

    /// Pooled candidates a query row holds before its pool is compacted (see `ScreenStates`).
    static let poolCapacity = 256

    /// Working memory for one thread: the tile, the block's queries, and per query row the state of
    /// its search across the training chunks.
    final class Scratch {
        /// `block * chunkRows` estimates, row-major.
        let tile: UnsafeMutablePointer<Float>
        /// Centred, scaled query rows of the block in `Float`.
        let queries: UnsafeMutablePointer<Float>
        /// Squared norms of the block's centred, scaled query rows (infinity: too large, measure exactly).
        let queryNorms: UnsafeMutablePointer<Double>
        /// Per query row of the block: its screening state.
        let states: ScreenStates

        init(block: Int, d: Int, k: Int) {
            tile = .allocate(capacity: block * BruteForceSearch.chunkRows)
            queries = .allocate(capacity: block * d)
            queryNorms = .allocate(capacity: block)
            states = ScreenStates(rows: block, k: k, capacity: max(BruteForceSearch.poolCapacity, 2 * k))
        }

        deinit {
            tile.deallocate(); queries.deallocate(); queryNorms.deallocate()
        }
    }

    /// Finds the `k` nearest training rows of query rows `rows` of `X` (at most the scratch's block)
    /// and writes them (distance, training index; nearest first, ties by index) at `distOut + i * k`,
    /// `idxOut + i * k` for each query row `i`. `skipSelf`: query row `i` is training row `i` and is
    /// not its own neighbour.
    func run(_ X: MatrixView, rows: Range<Int>, k: Int, skipSelf: Bool, train: UnsafePointer<Double>,
             scratch: Scratch, distOut: UnsafeMutablePointer<Double>, idxOut: UnsafeMutablePointer<Int>) {
        let b = rows.count
        let tile = scratch.tile, queries = scratch.queries, queryNorms = scratch.queryNorms
        let states = scratch.states
        states.reset(0..<b)
        if usable {
            center.withUnsafeBufferPointer { center in
                for r in 0..<b {
                    let x = X.data + (rows.lowerBound + r) * d, out = queries + r * d
                    var s = 0.0
                    for j in 0..<d {
                        let a = (x[j] - center[j]) * scale
                        s += a * a
                        out[j] = Float(a)
                    }
                    if s > Self.queryNormLimit {
                        // Keep the product finite; this row is measured exactly instead.
                        for j in 0..<d { out[j] = 0 }
                        s = .infinity
                    }
                    queryNorms[r] = s
                }
            }
            let c = Self.errorPerNorm(d)
            points.withUnsafeBufferPointer { points in
                norms.withUnsafeBufferPointer { norms in
                    shiftedNorms.withUnsafeBufferPointer { shifted in
                        var c0 = 0
                        while c0 < n {
                            let cn = min(Self.chunkRows, n - c0)
                            let chunkNorms = norms.baseAddress! + c0, chunkShifted = shifted.baseAddress! + c0
                            Self.startLowerBounds(tile, rows: b, cols: cn, shiftedNorms: chunkShifted) {
                                queryNorms[$0].isFinite ? Float(queryNorms[$0]) * (1 - c) : 0
                            }
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(b), Int32(cn), Int32(d),
                                        -2.0, queries, Int32(d), points.baseAddress! + c0 * d, Int32(d), 1.0,
                                        tile, Int32(cn))
                            for r in 0..<b where queryNorms[r].isFinite {
                                let qi = rows.lowerBound + r
                                var cursor = states.cursor(r, query: X.data + qi * d, train: train, d: d)
                                screen(&cursor, skip: skipSelf ? qi : -1, queryNorm: Float(queryNorms[r]),
                                       lowerBounds: tile + r * cn, norms: chunkNorms, first: c0, count: cn)
                                states.save(cursor, row: r)
                            }
                            c0 += cn
                        }
                    }
                }
            }
        }
        for r in 0..<b {
            let qi = rows.lowerBound + r
            let heapD = states.exact + r * k, heapI = states.candidates + r * k
            if usable && queryNorms[r].isFinite {
                var cursor = states.cursor(r, query: X.data + qi * d, train: train, d: d)
                cursor.measurePool()
                states.save(cursor, row: r)
            } else {
                // Every training row measured exactly: for rows the estimates cannot serve.
                for j in 0..<n where !(skipSelf && j == qi) {
                    pairOffer(heapD, heapI, &states.sizes[r], k: k, squaredDistance(X.data + qi * d, train + j * d, d), j)
                }
            }
            pairDrain(heapD, heapI, states.sizes[r], distances: distOut + qi * k, indices: idxOut + qi * k)
        }
    }

    /// Screens training rows `first ..< first + count` for one query row (its state in `cursor`),
    /// given their lower bounds `E_j - w_j`: keeps the k smallest upper bounds `E_j + w_j = lower +
    /// 2 w_j` and pools every row whose lower bound does not exceed the current k-th of them (32 rows
    /// at a time; the top only falls, so rows left out stay out). `skip`: a training index that is
    /// not a candidate (the query itself), or -1.
    @inline(__always)
    func screen(_ cursor: inout ScreenCursor, skip: Int, queryNorm qn: Float, lowerBounds lo: UnsafePointer<Float>,
                norms p: UnsafePointer<Float>, first: Int, count: Int) {
        let c2 = 2 * Self.errorPerNorm(d), floor2 = 2 * Self.errorFloor
        var start = 0
        while start < count {
            let end = min(count, start + 32)
            // The run's rows to visit as a bit mask. With a full heap, a vector minimum rules out the
            // whole run, else a vector compare keeps only the rows at or below the top (testing all 32
            // one by one was most of the time on small data).
            var mask: UInt32
            if cursor.size == cursor.k && end - start == 32 {
                if runMinimum(lo + start) > cursor.top {
                    start = end
                    continue
                }
                mask = lowerMask(lo + start, cursor.top)
            } else {
                mask = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(end - start)) &- 1)
            }
            while mask != 0 {
                let t = start + mask.trailingZeroBitCount
                mask &= mask &- 1
                let lower = lo[t]
                if first + t == skip || lower > cursor.top { continue }
                cursor.offer(lower: lower, width: c2 * (qn + p[t]) + floor2, index: first + t)
            }
            start = end
        }
    }

    /// Fills a `rows x cols` tile with `(|a|^2 + |b|^2)(1 - c) - floor`, from each query row's part
    /// `rowTerm(r)` (`|a|^2 (1 - c)`) and the training rows' `shiftedNorms`; an `sgemm` adding
    /// `-2 A B^T` to it (beta = 1) then leaves the lower bounds `E_j - w_j` themselves in the tile.
    @inline(__always)
    static func startLowerBounds(_ tile: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
                                 shiftedNorms: UnsafePointer<Float>, rowTerm: (Int) -> Float) {
        for r in 0..<rows {
            let qn = rowTerm(r), row = tile + r * cols
            for j in 0..<cols { row[j] = qn + shiftedNorms[j] }
        }
    }

    /// The error bound's factor on `|a|^2 + |b|^2` for `d` features: `(2d + 32) 2^-24` (see the type's
    /// documentation).
    @inline(__always)
    static func errorPerNorm(_ d: Int) -> Float { Float(2 * d + 32) * 0x1p-24 }

    /// The error bound's absolute term, for values that underflow in `Float`.
    static let errorFloor: Float = 0x1p-100
}
