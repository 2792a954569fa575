import XCTest
import DashostEstimators
import DashostPluginKit

/// KNN detector on 1-D points whose neighbour distances can be read off by hand.
final class KNNDetectorTests: XCTestCase {
    /// Training points 0, 1, 2, 3, 10 on a line.
    private let train = Matrix(rows: 5, cols: 1, values: [0, 1, 2, 3, 10])

    private func scores(_ det: KNearestNeighborsDetector, _ values: [Double]) -> [Double] {
        Matrix(rows: values.count, cols: 1, values: values).withView { det.score($0) }
    }

    func testLargestIsDistanceToKthNeighbour() {
        let det = KNearestNeighborsDetector(neighbors: 2)
        train.withView { det.fit($0) }
        // Without themselves: 0 -> {1, 2}, 1 -> {0, 2}, 2 -> {1, 3}, 3 -> {2, 1}, 10 -> {3, 2}.
        XCTAssertEqual(det.trainingScores, [2, 1, 1, 2, 8])
        // New rows see every training row; a training row passed again is its own nearest neighbour.
        XCTAssertEqual(scores(det, [5, 2, -1]), [3, 1, 2])
    }

    func testMeanAndMedian() {
        let mean = KNearestNeighborsDetector(neighbors: 3, method: .mean)
        let median = KNearestNeighborsDetector(neighbors: 3, method: .median)
        train.withView { mean.fit($0); median.fit($0) }
        // 5 -> distances 2, 3, 4.
        XCTAssertEqual(scores(mean, [5]), [3])
        XCTAssertEqual(scores(median, [5]), [3])
        // 10 -> 7, 8, 9 without itself.
        XCTAssertEqual(mean.trainingScores[4], 8)
        let even = KNearestNeighborsDetector(neighbors: 2, method: .median)
        train.withView { even.fit($0) }
        XCTAssertEqual(scores(even, [5]), [2.5]) // numpy.median of {2, 3}
    }

    /// PyOD defaults: 5 neighbours, 'largest'. With 3 training rows k falls back to n - 1 = 2.
    func testDefaultsAndSmallTrainingSets() {
        let det = KNearestNeighborsDetector()
        XCTAssertEqual(det.neighbors, 5)
        XCTAssertEqual(det.method, .largest)
        let small = Matrix(rows: 3, cols: 1, values: [0, 1, 3])
        small.withView { det.fit($0) }
        XCTAssertEqual(det.effectiveNeighbors, 2)
        XCTAssertEqual(det.trainingScores, [3, 2, 3])
        XCTAssertEqual(scores(det, [4]), [3])
    }

    /// 2-D points far from a cluster score higher; batch scoring equals row-by-row; refitting gives
    /// identical scores.
    func testFarPointsScoreHigherBatchEqualsRowByRowAndReproducible() {
        var g = SeededGenerator(seed: 3)
        var clusterValues: [Double] = []
        for _ in 0..<200 { clusterValues.append(g.nextGaussian()); clusterValues.append(g.nextGaussian()) }
        let cluster = Matrix(rows: 200, cols: 2, values: clusterValues)
        let queries = Matrix(rows: 3, cols: 2, values: [0, 0, 3, 3, 8, -8])
        let a = KNearestNeighborsDetector(), b = KNearestNeighborsDetector()
        cluster.withView { a.fit($0); b.fit($0) }
        let s = queries.withView { a.score($0) }
        XCTAssertLessThan(s[0], s[1])
        XCTAssertLessThan(s[1], s[2])
        XCTAssertEqual(s, queries.withView { b.score($0) })
        for i in 0..<3 {
            let one = Matrix(rows: 1, cols: 2, values: queries.row(i))
            XCTAssertEqual(one.withView { a.score($0) }, [s[i]])
        }
    }
}
