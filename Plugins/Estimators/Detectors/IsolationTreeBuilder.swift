import DashostPluginKit
import Foundation

/// One node of an isolation tree, stored by value in a flat array.
///
/// An internal node sends a row left when `row[feature] <= value`; a leaf (`feature == -1`) holds in
/// `value` the path length of every row that reaches it: its depth plus `c(training rows in it)`.
struct IsolationTreeNode {
    var feature: Int32
    var left: Int32
    var right: Int32
    var value: Double
}

/// Grows one isolation tree the way scikit-learn's `ExtraTreeRegressor(max_features=1,
/// splitter="random")` does inside `IsolationForest`.
enum IsolationTreeBuilder {
    /// scikit-learn's `FEATURE_THRESHOLD`: a feature whose range in a node is at most this is treated
    /// as constant there and never split on.
    static let constantRange = 1e-7

    /// Grows a tree on `sampleSize` rows of `X` drawn without replacement, seeing `featuresPerTree`
    /// columns drawn without replacement. Node indices in the result are relative to the tree.
    static func grow(_ X: MatrixView, sampleSize: Int, featuresPerTree: Int, heightLimit: Int,
                     using rng: inout SeededGenerator) -> [IsolationTreeNode] {
        let rows = sampleRows(from: X.rows, count: sampleSize, using: &rng)
        let columns = sampleColumns(from: X.cols, count: featuresPerTree, using: &rng)
        let m = rows.count, k = columns.count

        // The sample's columns, copied contiguously so node scans stay in cache.
        var local = [Double](repeating: 0, count: m * k)
        for (r, row) in rows.enumerated() {
            for (c, col) in columns.enumerated() { local[r * k + c] = X[row, col] }
        }

        var nodes: [IsolationTreeNode] = []
        nodes.reserveCapacity(2 * m - 1)
        nodes.append(IsolationTreeNode(feature: -1, left: -1, right: -1, value: 0))
        var order = Array(0..<m)          // sample rows, partitioned in place node by node
        var candidates = Array(0..<k)     // local columns, shuffled as constant ones are set aside
        var stack: [(node: Int, start: Int, end: Int, depth: Int)] = [(0, 0, m, 0)]

        local.withUnsafeBufferPointer { data in
            while let (node, start, end, depth) = stack.popLast() {
                let size = end - start
                var split: (feature: Int, threshold: Double)?
                if depth < heightLimit && size >= 2 {
                    // Draw features uniformly among those not yet found constant in this node.
                    var remaining = k
                    while remaining > 0 && split == nil {
                        let j = rng.nextInt(below: remaining)
                        let f = candidates[j]
                        var lo = Double.infinity, hi = -Double.infinity
                        for p in start..<end {
                            let v = data[order[p] * k + f]
                            lo = min(lo, v)
                            hi = max(hi, v)
                        }
                        if hi <= lo + constantRange {
                            candidates.swapAt(j, remaining - 1)
                            remaining -= 1
                            continue
                        }
                        var threshold = lo + (hi - lo) * rng.nextUnit()
                        if threshold == hi { threshold = lo }  // as scikit-learn: keep the right side non-empty
                        split = (f, threshold)
                    }
                }
                guard let (f, threshold) = split else {
                    nodes[node].value = Double(depth) + IsolationForest.averagePathLength(size)
                    continue
                }
                // Partition order[start..<end]: rows with value <= threshold first.
                var mid = start
                for p in start..<end where data[order[p] * k + f] <= threshold {
                    order.swapAt(p, mid)
                    mid += 1
                }
                let left = nodes.count
                nodes.append(IsolationTreeNode(feature: -1, left: -1, right: -1, value: 0))
                nodes.append(IsolationTreeNode(feature: -1, left: -1, right: -1, value: 0))
                nodes[node] = IsolationTreeNode(feature: Int32(columns[f]), left: Int32(left), right: Int32(left + 1),
                                                value: threshold)
                stack.append((left + 1, mid, end, depth + 1))
                stack.append((left, start, mid, depth + 1))
            }
        }
        return nodes
    }

    /// `count` distinct row indices out of `n`, ascending (Floyd's algorithm when the sample is small,
    /// a partial shuffle otherwise; either way a uniform subset).
    static func sampleRows(from n: Int, count: Int, using rng: inout SeededGenerator) -> [Int] {
        if count >= n { return Array(0..<n) }
        if count * 4 < n {
            var chosen = Set<Int>(minimumCapacity: count)
            for j in (n - count)..<n {
                let t = rng.nextInt(below: j + 1)
                if !chosen.insert(t).inserted { chosen.insert(j) }
            }
            return chosen.sorted()  // Set order is per-process; sorting keeps the tree reproducible
        }
        var all = Array(0..<n)
        for i in 0..<count { all.swapAt(i, i + rng.nextInt(below: n - i)) }
        return Array(all[0..<count]).sorted()
    }

    /// `count` distinct column indices out of `n`, ascending; all columns (no random draw) when
    /// `count == n`, as scikit-learn's bagging does with `max_features=1.0`.
    static func sampleColumns(from n: Int, count: Int, using rng: inout SeededGenerator) -> [Int] {
        if count >= n { return Array(0..<n) }
        var all = Array(0..<n)
        for i in 0..<count { all.swapAt(i, i + rng.nextInt(below: n - i)) }
        return Array(all[0..<count]).sorted()
    }
}
