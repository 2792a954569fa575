import DashostEstimators
import DashostPluginKit
import XCTest

/// The histogram splitter, the flat block prediction of trees and forests, and Platt's sigmoid fit.
final class TreeSpeedupTests: XCTestCase {
    /// `rows` x `cols` values; anomalies (the last `anomalies` rows) shifted by `shift`. With `levels`
    /// set, every value is rounded to one of `levels` integer levels (a feature with few distinct values).
    private func data(rows: Int, cols: Int, anomalies: Int, shift: Double, levels: Int?, seed: UInt64) -> (Matrix, [Double]) {
        var g = SeededGenerator(seed: seed)
        var values: [Double] = [], labels: [Double] = []
        for i in 0..<rows {
            let anomaly = i >= rows - anomalies
            for _ in 0..<cols {
                var v = g.nextGaussian() + (anomaly ? shift : 0)
                if let levels { v = min(Double(levels - 1), max(0, (v * Double(levels) / 8 + Double(levels) / 2).rounded())) }
                values.append(v)
            }
            labels.append(anomaly ? 1 : 0)
        }
        return (Matrix(rows: rows, cols: cols, values: values), labels)
    }

    private func assertSameTree(_ a: DecisionTree, _ b: DecisionTree, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.featureIndex, b.featureIndex, file: file, line: line)
        XCTAssertEqual(a.threshold, b.threshold, file: file, line: line)
        XCTAssertEqual(a.leftChild, b.leftChild, file: file, line: line)
        XCTAssertEqual(a.value, b.value, file: file, line: line)
        XCTAssertEqual(a.weightedSamples, b.weightedSamples, file: file, line: line)
    }

    func testHistogramSplitterIsExactWithAtMost256DistinctValues() {
        // 200 levels per feature (< 256 bins): every candidate split of the exact splitter is a bin
        // boundary, so trees and forests are identical, thresholds included.
        let (X, y) = data(rows: 1500, cols: 5, anomalies: 150, shift: 1, levels: 200, seed: 1)
        let set = TreeTrainingSet(X, labels: y)
        for parameters in [TreeParameters(), TreeParameters(maxDepth: 4, minSamplesLeaf: 5, maxFeatures: .count(2), criterion: .entropy)] {
            var hist = parameters
            hist.splitter = .hist
            var g1 = SeededGenerator(seed: 3), g2 = SeededGenerator(seed: 3)
            assertSameTree(DecisionTree(fitting: set, parameters: parameters, generator: &g1),
                           DecisionTree(fitting: set, parameters: hist, generator: &g2))
        }
        let exactForest = RandomForest(fitting: set, treeCount: 12, seed: 5)
        let histForest = RandomForest(fitting: set, treeCount: 12,
                                      parameters: TreeParameters(maxFeatures: .sqrt, splitter: .hist), seed: 5)
        for (a, b) in zip(exactForest.trees, histForest.trees) { assertSameTree(a, b) }
        XCTAssertEqual(exactForest.outOfBagProbability, histForest.outOfBagProbability)
    }

    func testHistogramSplitterOnContinuousFeatures() {
        // Continuous values (1500 distinct per feature): thresholds come from at most 255 bin boundaries
        // per feature, each strictly between two training values; a full tree still fits its rows.
        let (X, y) = data(rows: 1500, cols: 3, anomalies: 200, shift: 1.5, levels: nil, seed: 2)
        let set = TreeTrainingSet(X, labels: y)
        var g = SeededGenerator(seed: 1)
        let tree = DecisionTree(fitting: set, parameters: TreeParameters(splitter: .hist), generator: &g)
        for j in 0..<3 {
            let thresholds = Set((0..<tree.nodeCount).filter { tree.featureIndex[$0] == Int32(j) }.map { tree.threshold[$0] })
            XCTAssertLessThanOrEqual(thresholds.count, 255)
            let column = (0..<X.rows).map { X[$0, j] }
            for t in thresholds { XCTAssertFalse(column.contains(t), "threshold \(t) equals a training value") }
        }
        var p = [Double](repeating: -1, count: X.rows)
        X.withView { view in p.withUnsafeMutableBufferPointer { tree.predictProbability(view, into: $0) } }
        // Rows sharing a bin in every feature cannot be told apart, so allow a few impure leaves.
        let wrong = zip(p, y).filter { abs($0 - $1) >= 0.5 }.count
        XCTAssertLessThan(wrong, 15)
        // Held out, the histogram forest ranks as well as the exact one.
        let (T, yt) = data(rows: 1500, cols: 3, anomalies: 200, shift: 1.5, levels: nil, seed: 9)
        func meanGap(_ parameters: TreeParameters) -> Double {
            let forest = RandomForest(fitting: set, treeCount: 30, parameters: parameters, seed: 4)
            var q = [Double](repeating: 0, count: T.rows)
            T.withView { view in q.withUnsafeMutableBufferPointer { forest.predictProbability(view, into: $0) } }
            let a = zip(q, yt).filter { $0.1 == 1 }.map(\.0), n = zip(q, yt).filter { $0.1 == 0 }.map(\.0)
            return a.reduce(0, +) / Double(a.count) - n.reduce(0, +) / Double(n.count)
        }
        XCTAssertEqual(meanGap(TreeParameters(maxFeatures: .sqrt, splitter: .hist)),
                       meanGap(TreeParameters(maxFeatures: .sqrt)), accuracy: 0.03)
    }

    func testParallelBlockPredictionEqualsRowByRow() {
        let (X, y) = data(rows: 3000, cols: 6, anomalies: 300, shift: 1, levels: nil, seed: 3)
        let set = TreeTrainingSet(X, labels: y)
        for splitter in TreeSplitter.allCases {
            let forest = RandomForest(fitting: set, treeCount: 20,
                                      parameters: TreeParameters(maxFeatures: .sqrt, splitter: splitter), seed: 6)
            var block = [Double](repeating: -1, count: X.rows)
            X.withView { view in block.withUnsafeMutableBufferPointer { forest.predictProbability(view, into: $0) } }
            let serial = X.values.withUnsafeBufferPointer { v in
                (0..<X.rows).map { forest.probability(of: v.baseAddress! + $0 * X.cols) }
            }
            XCTAssertEqual(block, serial)
            let tree = forest.trees[0]
            var treeBlock = [Double](repeating: -1, count: X.rows)
            X.withView { view in treeBlock.withUnsafeMutableBufferPointer { tree.predictProbability(view, into: $0) } }
            let treeSerial = X.values.withUnsafeBufferPointer { v in
                (0..<X.rows).map { tree.probability(of: v.baseAddress! + $0 * X.cols) }
            }
            XCTAssertEqual(treeBlock, treeSerial)
            // Out-of-bag, recomputed naively from in-bag membership is not public, but a row's OOB value
            // is a mean of leaf values, so it lies in [0, 1] and the forest is reproducible.
            XCTAssert(forest.outOfBagProbability.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
    }

    func testHistogramForestIndependentOfThreadCount() {
        let (X, y) = data(rows: 800, cols: 8, anomalies: 80, shift: 1, levels: nil, seed: 4)
        let set = TreeTrainingSet(X, labels: y)
        let parameters = TreeParameters(maxFeatures: .sqrt, splitter: .hist)
        let one = RandomForest(fitting: set, treeCount: 16, parameters: parameters, seed: 8, threads: 1)
        let two = RandomForest(fitting: set, treeCount: 16, parameters: parameters, seed: 8, threads: 2)
        let all = RandomForest(fitting: set, treeCount: 16, parameters: parameters, seed: 8)
        for other in [two, all] {
            for (a, b) in zip(one.trees, other.trees) { assertSameTree(a, b) }
            XCTAssertEqual(one.outOfBagProbability, other.outOfBagProbability)
        }
        let a = DecisionTree.crossFittedProbability(set, parameters: TreeParameters(splitter: .hist), seed: 2)
        let b = DecisionTree.crossFittedProbability(set, parameters: TreeParameters(splitter: .hist), seed: 2)
        XCTAssertEqual(a, b)
    }

    func testPlattSigmoidMatchesKnownFit() {
        // Minimiser of the smoothed-target cross-entropy, from scipy BFGS (gtol 1e-12) and scikit-learn's
        // calibration._sigmoid_calibration, which agree: A = -1.2232189935, B = 0.3006749543.
        let f = [-2.1, -1.5, -1.2, -0.8, -0.3, 0.1, 0.4, 0.9, 1.3, 2.0, -0.5, 0.6, 1.7, -1.9]
        let y: [Double] = [0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0]
        let s = PlattSigmoid(fitting: f, labels: y)
        XCTAssertEqual(s.A, -1.2232189935, accuracy: 1e-5)
        XCTAssertEqual(s.B, 0.3006749543, accuracy: 1e-5)
        XCTAssertEqual(s.probability(0), 1 / (1 + exp(s.B)), accuracy: 1e-15)
        XCTAssertEqual(PlattSigmoid(A: -1, B: 0).probability(-800), 0, accuracy: 1e-300)
        XCTAssertEqual(PlattSigmoid(A: -1, B: 0).probability(800), 1)
    }

    func testSVMHeldOutProbabilitiesAreTheSigmoidOfOutOfFoldValues() throws {
        let (X, y) = data(rows: 200, cols: 3, anomalies: 30, shift: 2, levels: nil, seed: 5)
        let model = try X.withView { try SVMClassifierModel(training: $0, labels: y, seed: 3) }
        let again = try X.withView { try SVMClassifierModel(training: $0, labels: y, seed: 3) }
        XCTAssertEqual(model.outOfFoldDecisionValues, again.outOfFoldDecisionValues)
        XCTAssertEqual(model.sigmoid, again.sigmoid)
        XCTAssertEqual(model.sigmoid, PlattSigmoid(fitting: model.outOfFoldDecisionValues, labels: y))
        XCTAssertEqual(model.heldOutProbability, model.outOfFoldDecisionValues.map(model.sigmoid.probability))
        XCTAssertLessThan(model.sigmoid.A, 0)
        let p = X.withView { model.probability($0) }
        let inAnomaly = p[170...].reduce(0, +) / 30, inNormal = p[..<170].reduce(0, +) / 170
        XCTAssertGreaterThan(inAnomaly, inNormal + 0.4)
    }
}
