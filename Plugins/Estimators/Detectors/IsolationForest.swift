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
    /// The default `estimators`: scikit-learn's `n_estimators`.
    public static let defaultEstimators = 100
    /// The default `maxSamples`: scikit-learn's `max_samples="auto"`.
    public static let defaultMaxSamples = 256
    /// The default `maxFeatures`: scikit-learn's `max_features` (every column).
    public static let defaultMaxFeatures = 1.0

    /// Number of trees (scikit-learn's `n_estimators`).
    public let estimators: Int
    /// Rows drawn per tree, capped at the training size (scikit-learn's `max_samples`).
    public let maxSamples: Int
    /// Fraction of the columns each tree sees, drawn without replacement per tree (`max_features`).
    public let maxFeatures: Double
    /// Seed every random choice derives from.
    public let seed: UInt64

    /// All trees in the prediction layout (`FlatTrees`); a leaf keeps its path length (depth plus
    /// `c(leaf size)`) as its value, so a row's summed leaf values are its total path length.
    private var trees: FlatTrees?
    /// Rows per tree actually used at the last fit (`min(maxSamples, n)`).
    public private(set) var samplesPerTree = 0
    /// Number of columns seen at fit; 0 while unfitted.
    public private(set) var featureCount = 0

    /// Creates an unfitted forest with scikit-learn's defaults.
    public init(estimators: Int = IsolationForest.defaultEstimators, maxSamples: Int = IsolationForest.defaultMaxSamples,
                maxFeatures: Double = IsolationForest.defaultMaxFeatures, seed: UInt64 = 0) {
        precondition(estimators >= 1, "IsolationForest: estimators must be >= 1")
        precondition(maxSamples >= 1, "IsolationForest: maxSamples must be >= 1")
        precondition(maxFeatures > 0 && maxFeatures <= 1, "IsolationForest: maxFeatures must be in (0, 1]")
        self.estimators = estimators
        self.maxSamples = maxSamples
        self.maxFeatures = maxFeatures
        self.seed = seed
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { trees != nil }

    /// Total number of nodes over all trees (for tests and diagnostics).
    public var nodeCount: Int { trees?.nodes.count ?? 0 }

    /// Grows the forest on the rows of `X` (at least one row).
    public mutating func fit(_ X: MatrixView) {
        precondition(X.rows >= 1 && X.cols >= 1, "IsolationForest.fit: empty input")
        let sampleSize = min(maxSamples, X.rows)
        // scikit-learn: max_depth = ceil(log2(max(max_samples, 2))).
        let heightLimit = Int(ceil(log2(Double(max(sampleSize, 2)))))
        // scikit-learn: a float max_features keeps max(1, int(max_features * n_features)) columns.
        let featuresPerTree = max(1, min(X.cols, Int(maxFeatures * Double(X.cols))))

        var grown = [[IsolationTreeNode]](repeating: [], count: estimators)
        grown.withUnsafeMutableBufferPointer { out in
            let out = out  // each tree index is written by exactly one worker
            Parallel.forEach(estimators) { t in
                var rng = SeededGenerator.stream(seed: seed, index: UInt64(t))
                out[t] = IsolationTreeBuilder.grow(X, sampleSize: sampleSize, featuresPerTree: featuresPerTree,
                                                   heightLimit: heightLimit, using: &rng)
            }
        }

        // The builder puts a node's two children side by side (right = left + 1), as FlatTrees wants.
        var flat: [FlatNode] = []
        flat.reserveCapacity(grown.reduce(0) { $0 + $1.count })
        var roots: [Int32] = []
        for tree in grown {
            let base = Int32(flat.count)
            roots.append(base)
            for node in tree {
                if node.feature >= 0 {
                    assert(node.right == node.left + 1, "IsolationForest: children not adjacent")
                    flat.append(FlatNode(threshold: node.value, feature: node.feature, left: node.left + base))
                } else {
                    flat.append(FlatNode(threshold: node.value, feature: -1, left: -1))
                }
            }
        }
        trees = FlatTrees(nodes: flat, roots: roots)
        samplesPerTree = sampleSize
        featureCount = X.cols
    }

    /// Writes the anomaly score of each row of `X` into `out` (`out.count == X.rows`); higher = more
    /// anomalous. Rows are scored independently, in parallel.
    public func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        guard let trees else { preconditionFailure("IsolationForest.score before fit") }
        precondition(X.cols == featureCount, "IsolationForest.score: \(X.cols) columns, fitted on \(featureCount)")
        precondition(out.count == X.rows, "IsolationForest.score: output length differs from row count")
        // Total path length over the trees (FlatTrees walks 16 rows side by side through each tree),
        // then the score.
        trees.predictSum(X, into: out)
        let normaliser = Double(trees.treeCount) * IsolationForest.averagePathLength(samplesPerTree)
        for i in 0..<out.count {
            // normaliser is 0 only when every tree was grown on one row: nothing is isolated.
            out[i] = normaliser > 0 ? exp2(-out[i] / normaliser) : 1
        }
    }

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
