import Dispatch
import DashostPluginKit

/// A random forest classifier (scikit-learn's `RandomForestClassifier` defaults): `treeCount` CART
/// trees, each grown on a bootstrap sample (drawn as per-row counts used as sample weights) with
/// `sqrt(d)` features examined per node; P(class 1) is the mean of the trees' leaf values.
///
/// Tree `t` draws its bootstrap sample and its feature orders from `SeededGenerator.stream(seed:index: t)`,
/// so a forest is the same bit for bit whatever the number of threads that grew it.
public struct RandomForest {
    /// The default `treeCount`: scikit-learn's `n_estimators`.
    public static let defaultTreeCount = 100
    /// The default features examined per node: scikit-learn's `max_features="sqrt"`.
    public static let defaultMaxFeatures = MaxFeatures.sqrt

    /// The fitted trees, in index order.
    public let trees: [DecisionTree]
    /// Out-of-bag P(class 1) of each training row: the mean over the trees whose bootstrap sample
    /// missed the row. A row that every tree saw (only likely with very few trees) gets the weighted
    /// class-1 fraction of the training set instead, a neutral value that, unlike an in-bag
    /// prediction, is not memorised.
    public let outOfBagProbability: [Double]
    /// Number of training rows that no tree left out of its bootstrap sample (and so got the fallback).
    public let rowsNeverOutOfBag: Int
    /// The trees laid out for fast prediction.
    let flat: FlatTrees

    /// Grows the forest.
    ///
    /// - Parameters:
    ///   - treeCount: number of trees (scikit-learn's `n_estimators`).
    ///   - parameters: the per-tree knobs; the forest default examines ``defaultMaxFeatures`` per node.
    ///   - seed: the whole forest is a function of `(data, parameters, treeCount, seed)`.
    ///   - threads: at most this many trees grow at once; `nil` uses every core. The result does not
    ///     depend on it.
    public init(fitting data: TreeTrainingSet, treeCount: Int = RandomForest.defaultTreeCount,
                parameters: TreeParameters = TreeParameters(maxFeatures: RandomForest.defaultMaxFeatures), seed: UInt64, threads: Int? = nil) {
        precondition(treeCount >= 1, "RandomForest: treeCount must be at least 1")
        let n = data.rows
        var slots = [DecisionTree?](repeating: nil, count: treeCount)
        // Bit i % 64 of inBag[t * words + i / 64] is set when row i is in tree t's bootstrap sample.
        let words = (n + 63) / 64
        var inBag = [UInt64](repeating: 0, count: treeCount * words)
        let workers = max(1, min(threads ?? Parallel.workers, treeCount))
        // The histogram splitter bins the features once for all trees.
        let binned = parameters.splitter == .hist ? BinnedFeatures(data) : nil
        slots.withUnsafeMutableBufferPointer { slots in
            inBag.withUnsafeMutableBufferPointer { inBag in
                func growTree(_ t: Int) {
                    var generator = SeededGenerator.stream(seed: seed, index: UInt64(t))
                    var counts = [Double](repeating: 0, count: n)
                    for _ in 0..<n { counts[generator.nextInt(below: n)] += 1 }
                    for i in 0..<n where counts[i] > 0 { inBag[t * words + i / 64] |= 1 << UInt64(i % 64) }
                    slots[t] = DecisionTree(fitting: data, binned: binned, sampleWeights: counts, parameters: parameters,
                                            generator: &generator)
                }
                if workers == 1 {
                    for t in 0..<treeCount { growTree(t) }
                } else {
                    // Each worker takes every `workers`-th tree; trees are independent, so the
                    // interleaving only balances the load and never changes a tree.
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        for t in stride(from: worker, to: treeCount, by: workers) { growTree(t) }
                    }
                }
            }
        }
        let trees = slots.map { $0! }
        self.trees = trees

        // Out-of-bag: every row against the trees that did not see it, summed in tree order, by row
        // blocks (as in prediction) straight from the column-major training matrix.
        let flat = FlatTrees(trees)
        self.flat = flat
        let prior = Double(data.labels.lazy.filter { $0 == 1 }.count) / Double(n)
        var oob = [Double](repeating: 0, count: n)
        var missing = [Int](repeating: 0, count: n)
        oob.withUnsafeMutableBufferPointer { oob in
        missing.withUnsafeMutableBufferPointer { missing in
        inBag.withUnsafeBufferPointer { inBag in
        flat.nodes.withUnsafeBufferPointer { nodes in
        data.columns.withUnsafeBufferPointer { columns in
            let nodes = nodes.baseAddress!, columns = columns.baseAddress!
            // Blocks of 64 rows share one bitset word per tree.
            Parallel.forChunks(of: words, minimumPerChunk: 4) { wordRange in
                var counts = [Int](repeating: 0, count: 64)
                for w in wordRange {
                    let lo = w * 64, hi = min(n, lo + 64)
                    for i in lo..<hi { oob[i] = 0; counts[i - lo] = 0 }
                    for t in 0..<treeCount {
                        let bag = inBag[t * words + w]
                        if bag == UInt64.max { continue }
                        let root = Int(flat.roots[t])
                        for i in lo..<hi where bag & (1 << UInt64(i - lo)) == 0 {
                            oob[i] += FlatTrees.leaf(nodes, root: root, row: columns + i, stride: n)
                            counts[i - lo] += 1
                        }
                    }
                    for i in lo..<hi {
                        if counts[i - lo] > 0 {
                            oob[i] /= Double(counts[i - lo])
                        } else {
                            oob[i] = prior
                            missing[i] = 1
                        }
                    }
                }
            }
        }}}}}
        outOfBagProbability = oob
        rowsNeverOutOfBag = missing.reduce(0, +)
    }

    /// Mean leaf value over the trees for one row, summed in tree order.
    public func probability(of row: UnsafePointer<Double>) -> Double {
        var sum = 0.0
        for tree in trees { sum += tree.probability(of: row) }
        return sum / Double(trees.count)
    }

    /// Writes P(class 1) for every row of `X` into `out` (`out.count == X.rows`): in parallel over
    /// row blocks that each pass through every tree (`FlatTrees`); equal, bit for bit, to
    /// `probability(of:)` row by row.
    public func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count == X.rows, "RandomForest: output has \(out.count) slots for \(X.rows) rows")
        flat.predictMean(X, into: out)
    }
}
