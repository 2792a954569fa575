import DashostEstimators
import DashostPluginKit
import XCTest

final class IsolationForestTests: XCTestCase {
    /// Row-major values of a tight 2-D Gaussian cluster.
    private func cluster(_ n: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<(2 * n)).map { _ in g.nextGaussian() }
    }

    private func fitted(_ values: [Double], cols: Int, forest: IsolationForest) -> IsolationForest {
        var f = forest
        Matrix(rows: values.count / cols, cols: cols, values: values).withView { f.fit($0) }
        return f
    }

    private func scores(_ f: IsolationForest, _ values: [Double], cols: Int) -> [Double] {
        Matrix(rows: values.count / cols, cols: cols, values: values).withView { f.score($0) }
    }

    func testAveragePathLengthMatchesScikitLearn() {
        // sklearn.ensemble._iforest._average_path_length([1, 2, 3, 10, 256])
        XCTAssertEqual(IsolationForest.averagePathLength(1), 0)
        XCTAssertEqual(IsolationForest.averagePathLength(2), 1)
        XCTAssertEqual(IsolationForest.averagePathLength(3), 1.207392357589623, accuracy: 1e-12)
        XCTAssertEqual(IsolationForest.averagePathLength(10), 3.748880484475505, accuracy: 1e-12)
        XCTAssertEqual(IsolationForest.averagePathLength(256), 10.244770920119917, accuracy: 1e-12)
    }

    func testObviousOutlierScoresHighest() {
        var values = cluster(300, seed: 1)
        values += [12, -9]  // far from the cluster
        let f = fitted(values, cols: 2, forest: IsolationForest(seed: 42))
        let s = scores(f, values, cols: 2)
        XCTAssertEqual(s.indices.max { s[$0] < s[$1] }, 300)
        XCTAssert(s.allSatisfy { $0 > 0 && $0 <= 1 })
        XCTAssertGreaterThan(s[300], 0.7)
    }

    func testConvergesToScikitLearnScores() {
        // -sklearn IsolationForest(n_estimators=20000).fit(X).score_samples(Q) over seeds 0, 1, 2:
        // 0.4638-0.4642, 0.5941-0.5943, 0.5935-0.5939, 0.5935-0.5939. So many trees remove the seed
        // noise, so the expected path lengths of both implementations must agree.
        var X: [Double] = []
        for i in 0..<20 { X += [Double(i % 5), Double(i / 5) * 2] }
        X += [2, 3]
        let f = fitted(X, cols: 2, forest: IsolationForest(estimators: 20000, seed: 3))
        let s = scores(f, [2, 4, 0, 0, 10, 10, 4, 6], cols: 2)
        let sklearn = [0.4640, 0.5942, 0.5937, 0.5937]
        for (ours, ref) in zip(s, sklearn) { XCTAssertEqual(ours, ref, accuracy: 0.002) }
        XCTAssertEqual(s[2], s[3])  // both beyond the same corner: identical paths in every tree
    }

    func testIdenticalTrainingRowsGiveHalfEverywhere() {
        // Every tree is one leaf holding m rows: path length c(m), so the score is 2^-1.
        let X = [Double](repeating: 3, count: 50 * 3)
        let f = fitted(X, cols: 3, forest: IsolationForest(estimators: 10, seed: 0))
        XCTAssertEqual(f.nodeCount, 10)
        for v in scores(f, [3, 3, 3, 100, -5, 0], cols: 3) { XCTAssertEqual(v, 0.5, accuracy: 1e-15) }
    }

    func testSampleSizeAndTreeShape() {
        let X = cluster(1000, seed: 5)
        let f = fitted(X, cols: 2, forest: IsolationForest(estimators: 7, seed: 9))
        XCTAssertEqual(f.samplesPerTree, 256)
        // A binary tree over at most 256 rows has at most 511 nodes.
        XCTAssertLessThanOrEqual(f.nodeCount, 7 * 511)
        let small = fitted(Array(X[0..<40]), cols: 2, forest: IsolationForest(estimators: 3, seed: 9))
        XCTAssertEqual(small.samplesPerTree, 20)
        // Distinct rows, height limit ceil(log2 20) = 5: every tree has an odd node count >= 2 * 5 + 1.
        XCTAssertGreaterThanOrEqual(small.nodeCount, 3 * 11)
    }

    func testSeededReproducibility() {
        let X = cluster(400, seed: 2)
        let a = scores(fitted(X, cols: 2, forest: IsolationForest(seed: 7)), X, cols: 2)
        let b = scores(fitted(X, cols: 2, forest: IsolationForest(seed: 7)), X, cols: 2)
        let c = scores(fitted(X, cols: 2, forest: IsolationForest(seed: 8)), X, cols: 2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        // Fitting twice equals fitting once.
        var f = fitted(X, cols: 2, forest: IsolationForest(seed: 7))
        Matrix(rows: 400, cols: 2, values: X).withView { f.fit($0) }
        XCTAssertEqual(scores(f, X, cols: 2), a)
    }

    func testBatchEqualsRowByRow() {
        let X = cluster(300, seed: 3)
        let f = fitted(X, cols: 2, forest: IsolationForest(maxFeatures: 0.5, seed: 1))
        let queries = cluster(50, seed: 4).map { $0 * 3 }
        let batch = scores(f, queries, cols: 2)
        for i in 0..<50 {
            XCTAssertEqual(scores(f, Array(queries[(2 * i)..<(2 * i + 2)]), cols: 2)[0], batch[i])
        }
    }
}
