import DashostPluginKit

/// The training rows of a k-d tree's leaves, stored for measuring eight rows per vector operation.
///
/// Why: a leaf scan measures every row of the leaf against one query. Row by row, each distance is a
/// short dot product ending in a horizontal sum; with the rows of a leaf in groups of eight, stored
/// column by column within the group (entry `j` of the group's lane `l` at `j * 8 + l`), a query
/// measures eight rows with one vector subtraction, multiplication and addition per feature.
///
/// Exactness: each lane adds its squares in exactly `squaredDistance`'s order (partial sum `j % 8`
/// for the whole groups of eight features, the eight sums pairwise, then the remaining features in
/// order), so every distance has the same bits as the row-by-row measurement and brute force.
///
/// Layout: leaves in tree order, each padded to a whole number of groups (padding lanes hold zeros
/// and are never offered).
final class LeafBlocks {
    /// Features per row.
    let cols: Int
    /// `groups * cols * 8` doubles, 64-byte aligned.
    private let storage: UnsafeMutablePointer<Double>
    /// Leaves' first tree-order rows, ascending, and the number of each one's first group.
    private let leafStarts: [Int], leafGroups: [Int]
    /// The number of the first group of each leaf, in the order `init` was given the leaves.
    let firstGroups: [Int]

    /// Copies the rows of `training` into groups: tree-order row `r` is training row `order[r]`;
    /// `leaves` are the leaves' tree-order row ranges (any order; together they cover every row).
    init(training: MatrixView, order: [Int], leaves: [(start: Int, end: Int)]) {
        cols = training.cols
        let byStart = leaves.indices.sorted { leaves[$0].start < leaves[$1].start }
        let sorted = byStart.map { leaves[$0] }
        var starts: [Int] = [], firsts: [Int] = []
        var given = [Int](repeating: 0, count: leaves.count)
        var groups = 0
        for (leaf, i) in zip(sorted, byStart) {
            starts.append(leaf.start)
            firsts.append(groups)
            given[i] = groups
            groups += (leaf.end - leaf.start + 7) / 8
        }
        firstGroups = given
        let count = max(1, groups * cols * 8)
        storage = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: count)
        storage.initialize(repeating: 0, count: count)
        for (leaf, first) in zip(sorted, firsts) {
            for r in leaf.start..<leaf.end {
                let offset = r - leaf.start
                let group = storage + (first + offset / 8) * cols * 8 + offset % 8
                let row = training.data + order[r] * cols
                for j in 0..<cols { group[j * 8] = row[j] }
            }
        }
        leafStarts = starts
        leafGroups = firsts
    }

    deinit { storage.deallocate() }

    /// Copies tree-order row `r` into `row` (`cols` entries).
    func copyRow(_ r: Int, into row: inout [Double]) {
        let i = leafContaining(r)
        let offset = r - leafStarts[i]
        let group = storage + (leafGroups[i] + offset / 8) * cols * 8 + offset % 8
        for j in 0..<cols { row[j] = group[j * 8] }
    }

    /// The index in `leafStarts` of the leaf holding tree-order row `r` (the last start at or below it).
    private func leafContaining(_ r: Int) -> Int {
        var lo = 0, hi = leafStarts.count   // invariant: leafStarts[lo] <= r, leafStarts[hi] > r
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if leafStarts[mid] <= r { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Squared distances from `q` to the eight rows of group `group` (padding lanes: to zeros), each
    /// with `squaredDistance`'s bits.
    @inline(__always)
    func squaredDistances(_ q: UnsafePointer<Double>, group: Int) -> SIMD8<Double> {
        let g = UnsafeRawPointer(storage + group * cols * 8)
        @inline(__always) func square(_ j: Int) -> SIMD8<Double> {
            let t = SIMD8<Double>(repeating: q[j]) - g.loadUnaligned(fromByteOffset: j * 64, as: SIMD8<Double>.self)
            return t * t
        }
        // Partial sum m: features m, m + 8, ... of the whole groups of eight (0 + x is x exactly, so
        // starting from the first square is starting from zero).
        @inline(__always) func partial(_ m: Int, _ whole: Int) -> SIMD8<Double> {
            var p = square(m)
            var j = m + 8
            while j < whole { p += square(j); j += 8 }
            return p
        }
        let whole = cols / 8 * 8
        var s = SIMD8<Double>()
        if whole > 0 {
            s = ((partial(0, whole) + partial(1, whole)) + (partial(2, whole) + partial(3, whole)))
                + ((partial(4, whole) + partial(5, whole)) + (partial(6, whole) + partial(7, whole)))
        }
        var j = whole
        while j < cols {
            s += square(j)
            j += 1
        }
        return s
    }
}
