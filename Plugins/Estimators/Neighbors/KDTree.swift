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
/// `leafSize` rows remain; rows are stored in tree order, each node keeps its bounding box.
public final class KDTree {
    /// Rows per leaf at most.
    public let leafSize: Int
    /// Number of training rows and features.
    public let rows: Int, cols: Int
    /// Training rows in tree order, row-major.
    private let points: [Double]
    /// Training index of each row in tree order.
    private let order: [Int]
    /// Node `i`: rows `start[i] ..< end[i]` in tree order; children `left[i]`, `left[i] + 1` (-1: leaf).
    private var start: [Int] = [], end: [Int] = [], left: [Int] = []
    /// Bounding box of node `i`: `lower[i * cols ..< (i + 1) * cols]` and `upper[...]`.
    private var lower: [Double] = [], upper: [Double] = []

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
        var pts = [Double](repeating: 0, count: rows * cols)
        for (r, i) in order.enumerated() {
            for j in 0..<cols { pts[r * cols + j] = training.data[i * cols + j] }
        }
        points = pts
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
        points.withUnsafeBufferPointer { pts in
        lower.withUnsafeBufferPointer { lo in
        upper.withUnsafeBufferPointer { hi in
        start.withUnsafeBufferPointer { start in
        end.withUnsafeBufferPointer { end in
        left.withUnsafeBufferPointer { left in
        order.withUnsafeBufferPointer { order in
            // One scope for all the node arrays (nested only to borrow their storage).
            let pts = pts.baseAddress!, lo = lo.baseAddress!, hi = hi.baseAddress!
            while top > 0 {
                top -= 1
                let node = nodes[top]
                if size == k && boxes[top] > heapD[0] { continue }
                let child = left[node]
                if child < 0 {
                    visited?.pointee += end[node] - start[node]
                    for r in start[node]..<end[node] where order[r] != exclude {
                        pairOffer(heapD, heapI, &size, k: k, squaredDistance(q, pts + r * cols, cols), order[r])
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
            for j in 0..<cols { q[j] = points[r * cols + j] }
            q.withUnsafeBufferPointer {
                query($0.baseAddress!, k: k, exclude: order[r], distances: dist, indices: idx,
                      heapD: heapD, heapI: heapI, stack: stack, visited: &visited)
            }
            if Double(visited) > stopAbove * Double(count * rows) { break }
        }
        return Double(visited) / Double(count * rows)
    }

    /// Squared distance from `q` to the box `[lo, hi]` (0 inside). Branch-free: of `lo - v` and
    /// `v - hi` at most one is positive (`lo <= hi`), so their positive parts add up to the gap
    /// exactly; a branch on which side `v` lies was mispredicted often.
    @inline(__always)
    private func boxDistance(_ q: UnsafePointer<Double>, _ lo: UnsafePointer<Double>, _ hi: UnsafePointer<Double>) -> Double {
        var s = 0.0
        for j in 0..<cols {
            let v = q[j]
            let below = lo[j] - v, above = v - hi[j]
            let t = (below > 0 ? below : 0) + (above > 0 ? above : 0)
            s += t * t
        }
        return s
    }
}
