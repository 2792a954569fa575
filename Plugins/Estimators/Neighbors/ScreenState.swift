/// Per query row, the state of `BruteForceSearch`'s screening of single-precision estimates, for a
/// set of rows (a block of queries, or every training row in a self join).
///
/// Per row: a max-heap of the k smallest upper bounds `E_j + w_j` seen so far (its top bounds the
/// k-th distance), and a pool of the rows whose lower bound `E_j - w_j` did not exceed that top when
/// they were seen. Only at the end, when the top is final, are the pooled rows still below it
/// measured exactly: about k of them, instead of every row that beat the running k-th distance on the
/// way (k ln(n / k), eight times as many on 18,000 rows, each a cache miss on the training row). A
/// full pool is compacted against the current top; if that frees too little (many rows at one
/// distance), it is measured and emptied. The order in which a row's candidates arrive does not
/// change its result (`pairOffer` orders by distance, then index).
final class ScreenStates {
    /// Neighbours per row and pooled candidates a row holds before compaction.
    let k: Int, capacity: Int
    /// Per row: heap of upper bounds (`k` each) and its size.
    let upper: UnsafeMutablePointer<Float>, upperSizes: UnsafeMutablePointer<Int>
    /// Per row: the heap's top once it holds k bounds, else infinity (the screening threshold).
    let tops: UnsafeMutablePointer<Float>
    /// Per row: pooled lower bounds and training indices (`capacity` each) and their count.
    let poolLower: UnsafeMutablePointer<Float>, poolIndex: UnsafeMutablePointer<Int32>, poolCounts: UnsafeMutablePointer<Int>
    /// Per row: max-heap by (distance, index) of the k best rows measured (`k` each) and its size.
    let exact: UnsafeMutablePointer<Double>, candidates: UnsafeMutablePointer<Int>, sizes: UnsafeMutablePointer<Int>

    /// Memory for `rows` rows, `k` neighbours each, pools of `capacity` (more than `k`).
    init(rows: Int, k: Int, capacity: Int) {
        self.k = k
        self.capacity = capacity
        upper = .allocate(capacity: rows * k)
        upperSizes = .allocate(capacity: rows)
        tops = .allocate(capacity: rows)
        poolLower = .allocate(capacity: rows * capacity)
        poolIndex = .allocate(capacity: rows * capacity)
        poolCounts = .allocate(capacity: rows)
        exact = .allocate(capacity: rows * k)
        candidates = .allocate(capacity: rows * k)
        sizes = .allocate(capacity: rows)
    }

    deinit {
        upper.deallocate(); upperSizes.deallocate(); tops.deallocate()
        poolLower.deallocate(); poolIndex.deallocate(); poolCounts.deallocate()
        exact.deallocate(); candidates.deallocate(); sizes.deallocate()
    }

    /// Bytes held per row for `k` neighbours and pools of `capacity` (for memory limits).
    static func bytesPerRow(k: Int, capacity: Int) -> Int { k * (4 + 8 + 8) + capacity * (4 + 4) + 4 * 8 }

    /// Starts rows `rows` with nothing seen.
    func reset(_ rows: Range<Int>) {
        for r in rows {
            upperSizes[r] = 0; tops[r] = .infinity; poolCounts[r] = 0; sizes[r] = 0
        }
    }

    /// Row `r`'s state in locals, for a scan; `query` is the row's own values (double, unscaled),
    /// `train` the training rows, `d` the feature count. Write it back with `save`.
    @inline(__always)
    func cursor(_ r: Int, query: UnsafePointer<Double>, train: UnsafePointer<Double>, d: Int) -> ScreenCursor {
        ScreenCursor(heap: upper + r * k, size: upperSizes[r], top: tops[r], k: k,
                     poolLower: poolLower + r * capacity, poolIndex: poolIndex + r * capacity,
                     pooled: poolCounts[r], capacity: capacity,
                     exactD: exact + r * k, exactI: candidates + r * k, measured: sizes[r],
                     query: query, train: train, d: d)
    }

    /// Stores a cursor's state as row `r`'s.
    @inline(__always)
    func save(_ c: ScreenCursor, row r: Int) {
        upperSizes[r] = c.size; tops[r] = c.top; poolCounts[r] = c.pooled; sizes[r] = c.measured
    }
}

/// One row's screening state held in locals while its estimates are scanned (see `ScreenStates`).
struct ScreenCursor {
    /// Max-heap of the k smallest upper bounds, its size, and its top (infinity until it holds k).
    let heap: UnsafeMutablePointer<Float>
    var size: Int
    var top: Float
    let k: Int
    /// Pooled candidates: lower bounds and training indices, their count, and the pool's capacity.
    let poolLower: UnsafeMutablePointer<Float>, poolIndex: UnsafeMutablePointer<Int32>
    var pooled: Int
    let capacity: Int
    /// Max-heap by (distance, index) of the rows measured exactly, and its size.
    let exactD: UnsafeMutablePointer<Double>, exactI: UnsafeMutablePointer<Int>
    var measured: Int
    /// The query row (double, unscaled), the training rows, the feature count.
    let query: UnsafePointer<Double>, train: UnsafePointer<Double>, d: Int

    /// Offers training row `index` with lower bound `lower` and bound width `width` (`2 w_j`; the
    /// caller has already checked `lower <= top`): its upper bound joins the heap if among the k
    /// smallest, and the row joins the pool.
    @inline(__always)
    mutating func offer(lower: Float, width: Float, index: Int) {
        let upper = lower + width
        if size < k {
            floatHeapPush(heap, &size, upper)
            if size == k { top = heap[0] }
        } else if upper < top {
            floatHeapReplaceTop(heap, size, upper)
            top = heap[0]
        }
        if pooled == capacity { compact() }
        poolLower[pooled] = lower
        poolIndex[pooled] = Int32(truncatingIfNeeded: index)
        pooled += 1
    }

    /// Drops the pooled rows whose lower bound exceeds the top; if fewer than a quarter of the pool
    /// is freed (many rows within the bounds of one distance), measures the rest and empties it.
    mutating func compact() {
        var kept = 0
        for t in 0..<pooled where poolLower[t] <= top {
            poolLower[kept] = poolLower[t]
            poolIndex[kept] = poolIndex[t]
            kept += 1
        }
        pooled = kept
        if kept > capacity * 3 / 4 { measurePool() }
    }

    /// Measures exactly every pooled row whose lower bound does not exceed the top into the heap of
    /// the k best, and empties the pool.
    mutating func measurePool() {
        for t in 0..<pooled where poolLower[t] <= top {
            let j = Int(poolIndex[t])
            pairOffer(exactD, exactI, &measured, k: k, squaredDistance(query, train + j * d, d), j)
        }
        pooled = 0
    }
}

/// The smallest of 32 consecutive floats, in eight independent lanes of compare-and-select that the
/// compiler turns into vector minimums (Swift's generic `SIMD` reductions compile to a loop over the
/// lanes here).
@inline(__always)
func runMinimum(_ e: UnsafePointer<Float>) -> Float {
    var m0 = e[0], m1 = e[1], m2 = e[2], m3 = e[3], m4 = e[4], m5 = e[5], m6 = e[6], m7 = e[7]
    for i in stride(from: 8, to: 32, by: 8) {
        let l0 = e[i], l1 = e[i + 1], l2 = e[i + 2], l3 = e[i + 3]
        let l4 = e[i + 4], l5 = e[i + 5], l6 = e[i + 6], l7 = e[i + 7]
        m0 = l0 < m0 ? l0 : m0; m1 = l1 < m1 ? l1 : m1; m2 = l2 < m2 ? l2 : m2; m3 = l3 < m3 ? l3 : m3
        m4 = l4 < m4 ? l4 : m4; m5 = l5 < m5 ? l5 : m5; m6 = l6 < m6 ? l6 : m6; m7 = l7 < m7 ? l7 : m7
    }
    m0 = m1 < m0 ? m1 : m0; m2 = m3 < m2 ? m3 : m2; m4 = m5 < m4 ? m5 : m4; m6 = m7 < m6 ? m7 : m6
    m0 = m2 < m0 ? m2 : m0; m4 = m6 < m4 ? m6 : m4
    return m4 < m0 ? m4 : m0
}

/// Bit `i` set when `e[i] <= t`, for 32 consecutive floats (the compiler turns the loop into vector
/// compares).
@inline(__always)
func lowerMask(_ e: UnsafePointer<Float>, _ t: Float) -> UInt32 {
    var m: UInt32 = 0
    for i in 0..<32 { m |= (e[i] <= t ? 1 : 0) << UInt32(i) }
    return m
}

/// Pushes `v` onto a binary max-heap of `size` floats.
@inline(__always)
func floatHeapPush(_ h: UnsafeMutablePointer<Float>, _ size: inout Int, _ v: Float) {
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

/// Replaces the maximum of a binary max-heap of `size` floats with `v` and restores the heap.
@inline(__always)
func floatHeapReplaceTop(_ h: UnsafeMutablePointer<Float>, _ size: Int, _ v: Float) {
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
