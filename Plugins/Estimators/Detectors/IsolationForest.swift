import DashostPluginKit
import Foundation

/// Isolation Forest (Liu, Ting & Zhou 2008) as scikit-learn's `IsolationForest`, which PyOD's `IForest`
/// wraps.
///
/// Each tree is grown on `maxSamples` training rows drawn without replacement: a node picks a
/// feature at random among those not constant in the node and a split value uniformly between the
/// node's minimum and maximum of that feature, until the node holds one row, all its rows are equal,
/// or the height limit `ceil(log2(maxSamples))` is reached. A row's path length in a tree is the
/// depth of the leaf it falls in plus `c(leaf size)`, the expected depth still needed to isolate it
/// among the leaf's training rows. The score is `2^(-E[h(x)] / c(maxSamples))`, in (0, 1], higher =
/// more anomalous (scikit-learn's `-score_samples`; PyOD's scores differ from it by a constant).
///
/// Trees are built in parallel, tree `t` from `SeededGenerator.stream(seed:index: t)`, so a forest is
/// reproducible from its seed whatever the thread scheduling. All trees live in one flat node array.
public struct IsolationForest {
    /// Number of trees (scikit-learn's `n_estimators`).
    public let estimators: Int
    /// Rows drawn per tree, capped at the training size (scikit-learn's `max_samples="auto"` = 256).
    public let maxSamples: Int
    /// Fraction of the columns each tree sees, drawn without replacement per tree (`max_features`).
    public let maxFeatures: Double
    /// Seed every random choice derives from.
    public let seed: UInt64

    /// All trees' nodes; tree `t` starts at `roots[t]`, children are absolute indices into `nodes`.
    /// A leaf is its own left and right child (feature 0) and keeps its path length in `value`, so a
    /// walk of exactly `heights[t]` steps ends on the row's leaf with no test for leaves.
    private var nodes: [IsolationTreeNode] = []
    private var roots: [Int] = []
    /// Height (deepest leaf's depth) of each tree.
    private var heights: [Int] = []
    /// Rows per tree actually used at the last fit (`min(maxSamples, n)`).
    public private(set) var samplesPerTree = 0
    /// Number of columns seen at fit; 0 while unfitted.
    public private(set) var featureCount = 0

    /// Creates an unfitted forest with scikit-learn's defaults.
    public init(estimators: Int = 100, maxSamples: Int = 256, maxFeatures: Double = 1.0, seed: UInt64 = 0) {
        precondition(estimators >= 1, "IsolationForest: estimators must be >= 1")
        precondition(maxSamples >= 1, "IsolationForest: maxSamples must be >= 1")
        precondition(maxFeatures > 0 && maxFeatures <= 1, "IsolationForest: maxFeatures must be in (0, 1]")
        self.estimators = estimators
        self.maxSamples = maxSamples
        self.maxFeatures = maxFeatures
        self.seed = seed
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { !roots.isEmpty }

    /// Total number of nodes over all trees (for tests and diagnostics).
    public var nodeCount: Int { nodes.count }

    /// Grows the forest on the rows of `X` (at least one row).
    public mutating func fit(_ X: MatrixView) {
        precondition(X.rows >= 1 && X.cols >= 1, "IsolationForest.fit: empty input")
        let sampleSize = min(maxSamples, X.rows)
        // scikit-learn: max_depth = ceil(log2(max(max_samples, 2))).
        let heightLimit = Int(ceil(log2(Double(max(sampleSize, 2)))))
        // scikit-learn: a float max_features keeps max(1, int(max_features * n_features)) columns.
        let featuresPerTree = max(1, min(X.cols, Int(maxFeatures * Double(X.cols))))

        var trees = [[IsolationTreeNode]](repeating: [], count: estimators)
        trees.withUnsafeMutableBufferPointer { out in
            let out = out  // each tree index is written by exactly one worker
            Parallel.forEach(estimators) { t in
                var rng = SeededGenerator.stream(seed: seed, index: UInt64(t))
                out[t] = IsolationTreeBuilder.grow(X, sampleSize: sampleSize, featuresPerTree: featuresPerTree,
                                                   heightLimit: heightLimit, using: &rng)
            }
        }

        var flat: [IsolationTreeNode] = []
        flat.reserveCapacity(trees.reduce(0) { $0 + $1.count })
        var starts: [Int] = []
        var treeHeights: [Int] = []
        var depth: [Int] = []
        for tree in trees {
            let base = Int32(flat.count)
            starts.append(flat.count)
            // Children always come after their parent, so one pass in index order finds every depth.
            depth.removeAll(keepingCapacity: true)
            depth.append(contentsOf: repeatElement(0, count: tree.count))
            var height = 0
            for (id, var node) in tree.enumerated() {
                height = max(height, depth[id])
                if node.feature >= 0 {
                    depth[Int(node.left)] = depth[id] + 1
                    depth[Int(node.right)] = depth[id] + 1
                    node.left += base
                    node.right += base
                } else {
                    node = IsolationTreeNode(feature: 0, left: base + Int32(id), right: base + Int32(id), value: node.value)
                }
                flat.append(node)
            }
            treeHeights.append(height)
        }
        nodes = flat
        roots = starts
        heights = treeHeights
        samplesPerTree = sampleSize
        featureCount = X.cols
    }

    /// Writes the anomaly score of each row of `X` into `out` (`out.count == X.rows`); higher = more
    /// anomalous. Rows are scored independently, in parallel.
    public func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(isFitted, "IsolationForest.score before fit")
        precondition(X.cols == featureCount, "IsolationForest.score: \(X.cols) columns, fitted on \(featureCount)")
        precondition(out.count == X.rows, "IsolationForest.score: output length differs from row count")
        let normaliser = Double(roots.count) * IsolationForest.averagePathLength(samplesPerTree)
        let lanes = IsolationForest.lanes, blockRows = IsolationForest.blockRows
        nodes.withUnsafeBufferPointer { nodes in
            roots.withUnsafeBufferPointer { roots in
                heights.withUnsafeBufferPointer { heights in
                    Parallel.forChunks(of: X.rows, minimumPerChunk: 16) { range in
                        // Per block: every tree in turn (one tree's nodes stay in L1 while the block's
                        // rows pass), `lanes` rows walking it side by side. Their walks are independent
                        // chains of loads, so the core overlaps them instead of waiting on each one.
                        let totals = UnsafeMutablePointer<Double>.allocate(capacity: blockRows)
                        let at = UnsafeMutablePointer<Int>.allocate(capacity: lanes)
                        let rows = UnsafeMutablePointer<UnsafePointer<Double>>.allocate(capacity: lanes)
                        defer { totals.deallocate(); at.deallocate(); rows.deallocate() }
                        var blockStart = range.lowerBound
                        while blockStart < range.upperBound {
                            let blockEnd = min(range.upperBound, blockStart + blockRows)
                            totals.initialize(repeating: 0, count: blockEnd - blockStart)
                            for t in 0..<roots.count {
                                let root = roots[t], height = heights[t]
                                var group = blockStart
                                while group < blockEnd {
                                    // A short last group repeats its last row in the spare lanes.
                                    let width = min(lanes, blockEnd - group)
                                    for g in 0..<lanes {
                                        rows[g] = X.data + (group + min(g, width - 1)) * X.cols
                                        at[g] = root
                                    }
                                    for _ in 0..<height {
                                        for g in 0..<lanes {
                                            let node = nodes[at[g]]
                                            at[g] = Int(rows[g][Int(node.feature)] <= node.value ? node.left : node.right)
                                        }
                                    }
                                    // Trees are added in order for every row: the same sum as one row at a time.
                                    for g in 0..<width { totals[group - blockStart + g] += nodes[at[g]].value }
                                    group += width
                                }
                            }
                            for i in blockStart..<blockEnd {
                                // normaliser is 0 only when every tree was grown on one row: nothing is isolated.
                                out[i] = normaliser > 0 ? exp2(-totals[i - blockStart] / normaliser) : 1
                            }
                            blockStart = blockEnd
                        }
                    }
                }
            }
        }
    }

    /// Rows walking a tree side by side in `score`.
    private static let lanes = 16
    /// Rows per block in `score`: with `lanes`, small enough that the block's rows stay in L1/L2.
    private static let blockRows = 64

    /// The scores of every row of `X`.
    public func score(_ X: MatrixView) -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        out.withUnsafeMutableBufferPointer { score(X, into: $0) }
        return out
    }

    /// `c(n)`: the average path length of an unsuccessful search in a binary search tree of `n`
    /// items, `2 H(n-1) - 2 (n-1) / n` with `H(i) ~ ln(i) + 0.5772156649`; `c(1) = 0`, `c(2) = 1`
    /// (scikit-learn's `_average_path_length`).
    public static func averagePathLength(_ n: Int) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        let m = Double(n)
        return 2 * (log(m - 1) + 0.5772156649015329) - 2 * (m - 1) / m
    }
}
