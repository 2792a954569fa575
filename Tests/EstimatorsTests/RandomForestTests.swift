import DashostEstimators
import DashostPluginKit
import XCTest

/// Random forest: reproducibility from the seed, independence from the thread count, out-of-bag probabilities.
final class RandomForestTests: XCTestCase {
    /// Two Gaussian blobs in 4-D, `separation` apart on every axis; anomalies are the second blob.
    private func blobs(normals: Int, anomalies: Int, separation: Double, seed: UInt64) -> (Matrix, [Double]) {
        var g = SeededGenerator(seed: seed)
        var values: [Double] = [], labels: [Double] = []
        for i in 0..<(normals + anomalies) {
            let shift = i < normals ? 0 : separation
            for _ in 0..<4 { values.append(g.nextGaussian() + shift) }
            labels.append(i < normals ? 0 : 1)
        }
        return (Matrix(rows: normals + anomalies, cols: 4, values: values), labels)
    }

    private func predict(_ forest: RandomForest, _ X: Matrix) -> [Double] {
        var out = [Double](repeating: -1, count: X.rows)
        X.withView { view in out.withUnsafeMutableBufferPointer { forest.predictProbability(view, into: $0) } }
        return out
    }

    private func assertSameForest(_ a: RandomForest, _ b: RandomForest, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.trees.count, b.trees.count, file: file, line: line)
        for (s, t) in zip(a.trees, b.trees) {
            XCTAssertEqual(s.featureIndex, t.featureIndex, file: file, line: line)
            XCTAssertEqual(s.threshold, t.threshold, file: file, line: line)
            XCTAssertEqual(s.value, t.value, file: file, line: line)
        }
        XCTAssertEqual(a.outOfBagProbability, b.outOfBagProbability, file: file, line: line)
    }

    func testReproducibleFromSeedAndIndependentOfThreadCount() {
        let (X, y) = blobs(normals: 150, anomalies: 30, separation: 1.5, seed: 3)
        let data = TreeTrainingSet(X, labels: y)
        let serial = RandomForest(fitting: data, treeCount: 24, seed: 11, threads: 1)
        let two = RandomForest(fitting: data, treeCount: 24, seed: 11, threads: 2)
        let five = RandomForest(fitting: data, treeCount: 24, seed: 11, threads: 5)
        let all = RandomForest(fitting: data, treeCount: 24, seed: 11)
        assertSameForest(serial, two)
        assertSameForest(serial, five)
        assertSameForest(serial, all)
        XCTAssertEqual(predict(serial, X), predict(all, X))
        let other = RandomForest(fitting: data, treeCount: 24, seed: 12)
        XCTAssertNotEqual(serial.outOfBagProbability, other.outOfBagProbability)
    }

    func testDefaultsAreScikitLearns() {
        let (X, y) = blobs(normals: 60, anomalies: 20, separation: 3, seed: 5)
        let forest = RandomForest(fitting: TreeTrainingSet(X, labels: y), seed: 1)
        XCTAssertEqual(forest.trees.count, 100)
        // Fully grown trees on bootstrap samples: every leaf pure; the forest fits its training rows.
        for tree in forest.trees {
            for node in 0..<tree.nodeCount where tree.leftChild[node] < 0 {
                XCTAssert(tree.value[node] == 0 || tree.value[node] == 1)
            }
        }
        let p = predict(forest, X)
        for i in 0..<X.rows { XCTAssertEqual(p[i], y[i], accuracy: 0.5) }
    }

    func testOutOfBagProbabilitiesOnASeparableProblem() {
        let (X, y) = blobs(normals: 200, anomalies: 40, separation: 8, seed: 8)
        let forest = RandomForest(fitting: TreeTrainingSet(X, labels: y), treeCount: 100, seed: 2)
        XCTAssertEqual(forest.rowsNeverOutOfBag, 0)
        XCTAssertEqual(forest.outOfBagProbability.count, X.rows)
        for (p, label) in zip(forest.outOfBagProbability, y) {
            XCTAssert(p >= 0 && p <= 1)
            XCTAssertEqual(p, label, accuracy: 0.1)
        }
    }

    func testOutOfBagIsNotTheMemorisedInBagScore() {
        // Overlapping classes: in-bag, the forest is near-certain on its training rows; out-of-bag it
        // is not, so OOB scores of the two classes overlap much more.
        let (X, y) = blobs(normals: 200, anomalies: 40, separation: 1, seed: 21)
        let forest = RandomForest(fitting: TreeTrainingSet(X, labels: y), treeCount: 60, seed: 4)
        let inBag = predict(forest, X)
        let oob = forest.outOfBagProbability
        let anomalyIn = zip(inBag, y).filter { $0.1 == 1 }.map(\.0).reduce(0, +) / 40
        let anomalyOut = zip(oob, y).filter { $0.1 == 1 }.map(\.0).reduce(0, +) / 40
        XCTAssertGreaterThan(anomalyIn, 0.6)
        XCTAssertLessThan(anomalyOut, anomalyIn - 0.2)
    }

    func testRowsNeverOutOfBagFallBackToTheClassFraction() {
        let (X, y) = blobs(normals: 80, anomalies: 20, separation: 4, seed: 6)
        let forest = RandomForest(fitting: TreeTrainingSet(X, labels: y), treeCount: 1, seed: 7)
        // One bootstrap sample covers about 1 - 1/e = 63% of the rows.
        XCTAssertGreaterThan(forest.rowsNeverOutOfBag, 50)
        XCTAssertLessThan(forest.rowsNeverOutOfBag, 77)
        XCTAssertEqual(forest.outOfBagProbability.filter { $0 == 0.2 }.count, forest.rowsNeverOutOfBag)
    }
}
