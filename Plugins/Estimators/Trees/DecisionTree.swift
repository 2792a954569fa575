import DashostPluginKit

/// A fitted CART classification tree (scikit-learn's `DecisionTreeClassifier`), stored as flat node
/// arrays: node 0 is the root, a leaf has `leftChild == -1`, and a row goes left when
/// `row[featureIndex] <= threshold`.
///
/// The value of a node is its class-1 (anomaly) fraction, weighted by the sample weights the tree was
/// grown with (bootstrap counts in a forest), which is what `predict_proba` returns for a leaf.
public struct DecisionTree {
    /// Feature tested at each node; -1 at leaves.
    public let featureIndex: [Int32]
    /// Split threshold at each node (0 at leaves).
    public let threshold: [Double]
    /// Left child of each node; -1 at leaves.
    public let leftChild: [Int32]
    /// Right child of each node; -1 at leaves.
    public let rightChild: [Int32]
    /// P(class 1) at each node: the weighted class-1 fraction of its training samples.
    public let value: [Double]
    /// Impurity (Gini or entropy) of each node.
    public let impurity: [Double]
    /// Total sample weight that reached each node.
    public let weightedSamples: [Double]

    /// Number of nodes.
    public var nodeCount: Int { value.count }
    /// Number of leaves.
    public var leafCount: Int { leftChild.lazy.filter { $0 < 0 }.count }

    /// Grows a tree on `data`.
    ///
    /// - Parameters:
    ///   - sampleWeights: one non-negative weight per row (bootstrap counts); rows of weight 0 are
    ///     left out entirely, as scikit-learn does. `nil` means weight 1 for every row.
    ///   - generator: drives the order in which features are drawn at each node (which matters for
    ///     `max_features` below `d`, and for ties between equally good splits).
    public init(fitting data: TreeTrainingSet, sampleWeights: [Double]? = nil,
                parameters: TreeParameters = TreeParameters(), generator: inout SeededGenerator) {
        self.init(fitting: data, binned: parameters.splitter == .hist ? BinnedFeatures(data) : nil,
                  sampleWeights: sampleWeights, parameters: parameters, generator: &generator)
    }

    /// Grows a tree with the histogram splitter on `binned` (shared by a forest's trees), or the exact
    /// splitter when `binned` is `nil`.
    init(fitting data: TreeTrainingSet, binned: BinnedFeatures?, sampleWeights: [Double]?,
         parameters: TreeParameters, generator: inout SeededGenerator) {
        var builder = CARTBuilder(data: data, parameters: parameters, binned: binned)
        builder.grow(weights: sampleWeights, generator: &generator)
        featureIndex = builder.feature
        threshold = builder.threshold
        leftChild = builder.left
        rightChild = builder.right
        value = builder.value
        impurity = builder.impurity
        weightedSamples = builder.weighted
    }

    /// Depth of the deepest leaf (a lone root has depth 0).
    public var depth: Int {
        var deepest = 0
        var stack = [(0, 0)]
        while let (node, d) = stack.popLast() {
            deepest = max(deepest, d)
            if leftChild[node] >= 0 {
                stack.append((Int(leftChild[node]), d + 1))
                stack.append((Int(rightChild[node]), d + 1))
            }
        }
        return deepest
    }

    /// The leaf value reached by one row of at least `featureIndex.max() + 1` values.
    @inlinable public func probability(of row: UnsafePointer<Double>) -> Double {
        featureIndex.withUnsafeBufferPointer { f in
            threshold.withUnsafeBufferPointer { t in
                leftChild.withUnsafeBufferPointer { l in
                    rightChild.withUnsafeBufferPointer { r in
                        var node = 0
                        while l[node] >= 0 {
                            node = Int(row[Int(f[node])] <= t[node] ? l[node] : r[node])
                        }
                        return value[node]
                    }
                }
            }
        }
    }

    /// Writes P(class 1) for every row of `X` into `out` (`out.count == X.rows`), in parallel over row
    /// blocks through the tree's `FlatTrees` layout; equal to `probability(of:)` row by row.
    public func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count == X.rows, "DecisionTree: output has \(out.count) slots for \(X.rows) rows")
        FlatTrees([self]).predictMean(X, into: out)
    }
}
