import DashostPluginKit

/// An exact k-d tree for k-nearest-neighbour queries in few dimensions.
///
/// Why: brute force costs `n` distance estimates per query whatever the data; in low dimensions
/// (scikit-learn switches at 15 features) a tree prunes almost all of them, so a query costs about
/// `log n` leaves. `NeighborSearch` uses this tree there and BLAS brute force above.
///
/// Exactness: every candidate distance is `squaredDistance`, the same function as `NeighborSearch`'s
/// exact re-measurement, and ties at the k-th distance go
/// to the lower training index (a node is pruned only when its box is strictly farther than the
/// current k-th candidate), so the result equals brute force exactly.
///
/// Construction: nodes split at the median of the feature with the widest spread until at most
/// `leafSize` rows remain (or a node's rows are all equal); rows are stored in tree order, each node
/// keeps its bounding box.
///
/// Leaf scans: a leaf's rows are stored in groups of eight, column by column within a group
/// (`LeafBlocks`), so one query measures eight rows per vector operation with no horizontal sums,
/// in exactly `squaredDistance`'s order of additions per row (the same bits).
public final class KDTree {
    /// Rows per leaf at most.
    public let leafSize: Int
    /// Number of training rows and features.
    public let rows: Int, cols: Int
    /// Training rows in tree order, in groups of eight per leaf (`LeafBlocks`).
    private let blocks: LeafBlocks
    /// Training index of each row in tree order.
    private let order: [Int]
    /// Node `i`: rows `start[i] ..< end[i]` in tree order; children `left[i]`, `left[i] + 1` (-1: leaf).
    private var start: [Int] = [], end: [Int] = [], left: [Int] = []
    /// Bounding box of node `i`: `lower[i * cols ..< (i + 1) * cols]` and `upper[...]`.
    private var lower: [Double] = [], upper: [Double] = []
    /// Leaf `i`: the number of its first group of eight rows in `blocks` (-1: inner node).
    private var firstGroup: [Int] = []

    /// Builds the tree over the rows of `training`.
    public init(training: MatrixView, leafSize: Int = 32) {
        precondition(leafSize >= 1, "KDTree: leaf size must be positive")
        self.leafSize = leafSize
        rows = training.rows
        cols = training.cols
        var order = Array(0..<rows)
        // Build breadth-first with an explicit queue; children are allocated in pairs.
        var queue = [(0, rows)]
        start = [0]; end = [rows]; left = [-1]
        var node = 0
        while node < queue.count {
            let (lo, hi) = queue[node]
            // Bounding box.
            var boxLo = [Double](repeating: .infinity, count: cols), boxHi = [Double](repeating: -.infinity, count: cols)
            for r in lo..<hi {
                let row = training.data + order[r] * cols
                for j in 0..<cols {
                    boxLo[j] = min(boxLo[j], row[j])
                    boxHi[j] = max(boxHi[j], row[j])
                }
            }
            lower.append(contentsOf: boxLo)
            upper.append(contentsOf: boxHi)
            if hi - lo > leafSize {
                var dim = 0, widest = -1.0
                for j in 0..<cols where boxHi[j] - boxLo[j] > widest { widest = boxHi[j] - boxLo[j]; dim = j }
                if widest > 0 {
                    let mid = (lo + hi) / 2
                    order.withUnsafeMutableBufferPointer {
                        KDTree.select($0, lo, hi, mid) { training.data[$0 * training.cols + dim] }
                    }
                    left[node] = queue.count
                    queue.append((lo, mid)); queue.append((mid, hi))
                    start.append(lo); end.append(mid); left.append(-1)
                    start.append(mid); end.append(hi); left.append(-1)
                }
            }
            node += 1
        }
        var leafNodes: [Int] = [], leaves: [(start: Int, end: Int)] = []
        for n in 0..<left.count where left[n] < 0 { leafNodes.append(n); leaves.append((start[n], end[n])) }
        blocks = LeafBlocks(training: training, order: order, leaves: leaves)
        firstGroup = [Int](repeating: -1, count: left.count)
        for (node, group) in zip(leafNodes, blocks.firstGroups) { firstGroup[node] = group }
        self.order = order
    }

    /// Rearranges `idx[lo..<hi]` so that position `k` holds the element of rank `k - lo` by `key`
    /// (ties by index), smaller ones before it and larger ones after (quickselect, median of three).
    private static func select(_ idx: UnsafeMutableBufferPointer<Int>, _ lo: Int, _ hi: Int, _ k: Int, key: (Int) -> Double) {
        func less(_ a: Int, _ b: Int) -> Bool {
            let ka = key(a), kb = key(b)
            return ka < kb || (ka == kb && a < b)
        }
        var lo = lo, hi = hi - 1
        while lo < hi {
            let m = (lo + hi) / 2
            if less(idx[m], idx[lo]) { idx.swapAt(m, lo) }
            if less(idx[hi], idx[lo]) { idx.swapAt(hi, lo) }
            if less(idx[hi], idx[m]) { idx.swapAt(hi, m) }
            let pivot = idx[m]
            var i = lo, j = hi
            while i <= j {
                while less(idx[i], pivot) { i += 1 }
                while less(pivot, idx[j]) { j -= 1 }
                if i <= j { idx.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// Writes the `k` nearest training rows of query `q` (distance, training index; nearest first,
    /// ties by index) to `distances` and `indices`, skipping training row `exclude` (-1: none).
    /// `heapD`, `heapI` and `stack` are caller scratch of at least `k`, `k` and `2 * (nodeCount + 2)`
    /// entries (`stack` holds node numbers and, at `stack + nodeCount + 2`, their box distances).
    /// `visited`, when given, is increased by the number of training rows measured (the work done).
    func query(_ q: UnsafePointer<Double>, k: Int, exclude: Int,
               distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>,
               heapD: UnsafeMutablePointer<Double>, heapI: UnsafeMutablePointer<Int>, stack: UnsafeMutableRawPointer,
               visited: UnsafeMutablePointer<Int>? = nil) {
        var size = 0
        // Each entry keeps its box distance, measured when it was pushed, so a node is tested against
        // the (by then smaller) k-th distance at pop time without measuring its box again.
        let nodes = stack.assumingMemoryBound(to: Int.self)
        let boxes = (stack + MemoryLayout<Int>.stride * (nodeCount + 2)).assumingMemoryBound(to: Double.self)
        nodes[0] = 0
        boxes[0] = 0
        var top = 1
        firstGroup.withUnsafeBufferPointer { firstGroup in
        lower.withUnsafeBufferPointer { lo in
        upper.withUnsafeBufferPointer { hi in
        start.withUnsafeBufferPointer { start in
        end.withUnsafeBufferPointer { end in
        left.withUnsafeBufferPointer { left in
        order.withUnsafeBufferPointer { order in
            // One scope for all the node arrays (nested only to borrow their storage).
            let lo = lo.baseAddress!, hi = hi.baseAddress!
            while top > 0 {
                top -= 1
                let node = nodes[top]
                if size == k && boxes[top] > heapD[0] { continue }
                let child = left[node]
                if child < 0 {
                    // Eight rows at a time; only those at or below the k-th distance are offered.
                    var r = start[node], group = firstGroup[node]
                    let last = end[node]
                    visited?.pointee += last - r
                    while r < last {
                        let d = blocks.squaredDistances(q, group: group)
                        let lanes = min(8, last - r)
                        var offered = size < k ? UInt32(1 << lanes) - 1 : atOrBelow(d, heapD[0], lanes: lanes)
                        while offered != 0 {
                            let lane = offered.trailingZeroBitCount
                            offered &= offered - 1
                            let i = order[r + lane]
                            if i != exclude { pairOffer(heapD, heapI, &size, k: k, d[lane], i) }
                        }
                        r += 8; group += 1
                    }
                    continue
                }
                // Visit the nearer child first: push it last.
                let a = boxDistance(q, lo + child * cols, hi + child * cols)
                let b = boxDistance(q, lo + (child + 1) * cols, hi + (child + 1) * cols)
                if a <= b {
                    nodes[top] = child + 1; boxes[top] = b
                    nodes[top + 1] = child; boxes[top + 1] = a
                } else {
                    nodes[top] = child; boxes[top] = a
                    nodes[top + 1] = child + 1; boxes[top + 1] = b
                }
                top += 2
            }
        }
        }
        }
        }
        }
        }
        }
        pairDrain(heapD, heapI, size, distances: distances, indices: indices)
    }

    /// Bytes of the `stack` scratch `query` needs.
    var stackBytes: Int { (nodeCount + 2) * (MemoryLayout<Int>.stride + MemoryLayout<Double>.stride) }

    /// Number of nodes (the depth-first stack never holds more).
    var nodeCount: Int { start.count }

    /// Mean share of the training rows measured per query, for `k` neighbours of `probes` training rows
    /// spread evenly over the data (each excluding itself): how well the boxes prune on this data.
    ///
    /// `stopAbove`: the caller only asks whether the share exceeds this; the probing stops as soon as
    /// the rows measured so far already make the mean exceed it (then the returned share, counted
    /// over all `probes`, is a lower bound above `stopAbove`). On data where the tree does not prune
    /// (62 features of campaign) this skips most probes, each of which measures nearly every row.
    public func measuredShare(k: Int, probes: Int = 32, stopAbove: Double = .infinity) -> Double {
        guard rows > k + 1, probes > 0 else { return 1 }
        let heapD = UnsafeMutablePointer<Double>.allocate(capacity: k), heapI = UnsafeMutablePointer<Int>.allocate(capacity: k)
        let dist = UnsafeMutablePointer<Double>.allocate(capacity: k), idx = UnsafeMutablePointer<Int>.allocate(capacity: k)
        let stack = UnsafeMutableRawPointer.allocate(byteCount: stackBytes, alignment: 16)
        defer { heapD.deallocate(); heapI.deallocate(); dist.deallocate(); idx.deallocate(); stack.deallocate() }
        var visited = 0
        let count = min(probes, rows)
        var q = [Double](repeating: 0, count: cols)
        for p in 0..<count {
            let r = p * rows / count   // tree order: evenly over the tree's leaves
            blocks.copyRow(r, into: &q)
            q.withUnsafeBufferPointer {
                query($0.baseAddress!, k: k, exclude: order[r], distances: dist, indices: idx,
                      heapD: heapD, heapI: heapI, stack: stack, visited: &visited)
            }
            if Double(visited) > stopAbove * Double(count * rows) { break }
        }
        return Double(visited) / Double(count * rows)
    }

    /// Lanes `0 ..< lanes` of `d` at or below `top`, as bits.
    @inline(__always)
    private func atOrBelow(_ d: SIMD8<Double>, _ top: Double, lanes: Int) -> UInt32 {
        var bits: UInt32 = 0
        for l in 0..<8 where d[l] <= top { bits |= 1 << UInt32(l) }
        return bits & (UInt32(1 << lanes) - 1)
    }

    /// Squared distance from `q` to the box `[lo, hi]` (0 inside), a lower bound, in floating point,
    /// of `squaredDistance` from `q` to every row in the box: per feature the gap is at most the
    /// row's difference (rounding is monotone), and the squares are added in exactly
    /// `squaredDistance`'s order (eight partial sums, then the rest), so the sum cannot round above
    /// a row's. Any other order can come out one unit in the last place above a row's distance, and
    /// the node holding a row tied at the k-th distance with a lower index would be pruned.
    ///
    /// Branch-free gaps: of `lo - v` and `v - hi` at most one is positive (`lo <= hi`), so their
    /// positive parts add up to the gap exactly; a branch on which side `v` lies was mispredicted often.
    @inline(__always)
    private func boxDistance(_ q: UnsafePointer<Double>, _ lo: UnsafePointer<Double>, _ hi: UnsafePointer<Double>) -> Double {
        @inline(__always) func gap(_ j: Int) -> Double {
            let v = q[j]
            let below = lo[j] - v, above = v - hi[j]
            return (below > 0 ? below : 0) + (above > 0 ? above : 0)
        }
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        var j = 0
        while j + 8 <= cols {
            let t0 = gap(j), t1 = gap(j + 1), t2 = gap(j + 2), t3 = gap(j + 3)
            let t4 = gap(j + 4), t5 = gap(j + 5), t6 = gap(j + 6), t7 = gap(j + 7)
            s0 += t0 * t0; s1 += t1 * t1; s2 += t2 * t2; s3 += t3 * t3
            s4 += t4 * t4; s5 += t5 * t5; s6 += t6 * t6; s7 += t7 * t7
            j += 8
        }
        var s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while j < cols {
            let t = gap(j)
            s += t * t
            j += 1
        }
        return s
    }
}
