import XCTest
import DashostEstimators
import DashostPluginKit

/// LOF against hand-computed cases and scikit-learn's `LocalOutlierFactor(novelty=True)`.
final class LOFTests: XCTestCase {
    private func scores(_ lof: LocalOutlierFactor, _ rows: Int, _ cols: Int, _ values: [Double]) -> [Double] {
        Matrix(rows: rows, cols: cols, values: values).withView { lof.score($0) }
    }

    /// Training 0, 1, 2, 4 with k = 1. Nearest other rows: 0 -> 1, 1 -> 0 (tie with 2, lower index),
    /// 2 -> 1, 4 -> 2; k-distances 1, 1, 1, 2; lrd = 1/(reach + 1e-10) with reach 1, 1, 1, 2.
    /// x = 7: neighbour 4 at 3, reach max(3, 2) = 3, LOF = lrd(4) / lrd(7) = (1/2) / (1/3) = 1.5.
    /// x = 1.5: neighbour 1 at 0.5, reach max(0.5, 1) = 1, LOF = 1.
    func testHandComputedOneNeighbour() {
        let lof = LocalOutlierFactor(neighbors: 1)
        Matrix(rows: 4, cols: 1, values: [0, 1, 2, 4]).withView { lof.fit($0) }
        XCTAssertEqual(lof.effectiveNeighbors, 1)
        XCTAssertEqual(lof.trainingDensity[3], 1 / (2 + 1e-10), accuracy: 1e-15)
        let s = scores(lof, 2, 1, [7, 1.5])
        XCTAssertEqual(s[0], (1 / (2 + 1e-10)) / (1 / (3 + 1e-10)), accuracy: 1e-12)
        XCTAssertEqual(s[1], 1, accuracy: 1e-12)
    }

    /// Duplicates: three copies of 0 have k-distance 0 and lrd 1e10 (scikit-learn's 1e-10 guard); a
    /// copy scores 1, a row at distance 1 scores about 1e10.
    func testDuplicatesUseTheTinyGuard() {
        let lof = LocalOutlierFactor(neighbors: 2)
        Matrix(rows: 4, cols: 1, values: [0, 0, 0, 5]).withView { lof.fit($0) }
        XCTAssertEqual(lof.trainingDensity[0], 1e10, accuracy: 1)
        let s = scores(lof, 2, 1, [0, 1])
        XCTAssertEqual(s[0], 1, accuracy: 1e-12)
        XCTAssertEqual(s[1], 1e10 * (1 + 1e-10), accuracy: 1e-2)
        XCTAssertTrue(s.allSatisfy { $0.isFinite })
    }

    /// 24 points (4 of them a shifted cluster), values from numpy `RandomState(0)`; expected figures
    /// from scikit-learn 1.9.1 `LocalOutlierFactor(n_neighbors=k, novelty=True)`:
    /// `-score_samples(Q)` and `-negative_outlier_factor_`.
    static let X: [Double] = [4.76, 3.4, 3.98, 5.24, 4.87, 2.02, 3.95, 2.85, -0.1, 0.41, 0.14, 1.45, 0.76, 0.12,
                              0.44, 0.33, 1.49, -0.21, 0.31, -0.85, -2.55, 0.65, 0.86, -0.74, 2.27, -1.45,
                              0.05, -0.19, 1.53, 1.47, 0.15, 0.38, -0.89, -1.98, -0.35, 0.16, 1.23, 1.2,
                              -0.39, -0.3, -1.05, -1.42, -1.71, 1.95, -0.51, -0.44, -1.25, 0.78]
    static let Q: [Double] = [0, 0, 1.5, 1.5, 3, 3, 6, -4, -0.3, 0.8]

    func testMatchesScikitLearn() {
        let lof5 = LocalOutlierFactor(neighbors: 5)
        Matrix(rows: 24, cols: 2, values: LOFTests.X).withView { lof5.fit($0) }
        let expected5 = [0.9417022343229648, 1.3901138032139608, 1.218451177787863, 4.1521767082958245, 1.0754832332664797]
        let got5 = scores(lof5, 5, 2, LOFTests.Q)
        for (g, e) in zip(got5, expected5) { XCTAssertEqual(g, e, accuracy: 1e-9) }
        let train5 = [1.7117057563010056, 1.7828034990877453, 1.675093589031016, 1.6170148402712463,
                      0.9433314766929632, 1.4771629352448261, 1.1071505402014654, 0.9580754505472265,
                      1.2100557902345714, 1.0975669822860072, 2.0749752476907206, 1.220166557772676,
                      2.014530744473285, 1.015769680291941, 1.4426654296670276, 0.9353496737770769,
                      1.9147234450543629, 1.0149825274762811, 1.4124451602673136, 1.0017229296911725,
                      1.6476071556185925, 1.863552045414454, 1.0460060566580947, 1.6475074935800975]
        for (g, e) in zip(lof5.trainingScores, train5) { XCTAssertEqual(g, e, accuracy: 1e-9) }

        // Default 20 neighbours (PyOD's LOF()).
        let lof = LocalOutlierFactor()
        Matrix(rows: 24, cols: 2, values: LOFTests.X).withView { lof.fit($0) }
        let expected20 = [0.9922612298333975, 0.9713870490045668, 0.978071929048984, 1.358426146748435, 0.9922612298333972]
        for (g, e) in zip(scores(lof, 5, 2, LOFTests.Q), expected20) { XCTAssertEqual(g, e, accuracy: 1e-9) }
    }

    /// k is capped at n - 1 as in scikit-learn; batch equals row-by-row; refitting is reproducible.
    func testCapBatchAndReproducibility() {
        let lof = LocalOutlierFactor(neighbors: 50)
        let train = Matrix(rows: 24, cols: 2, values: LOFTests.X)
        train.withView { lof.fit($0) }
        XCTAssertEqual(lof.effectiveNeighbors, 23)
        let batch = scores(lof, 5, 2, LOFTests.Q)
        for i in 0..<5 {
            XCTAssertEqual(scores(lof, 1, 2, Array(LOFTests.Q[(2 * i)..<(2 * i + 2)])), [batch[i]])
        }
        let again = LocalOutlierFactor(neighbors: 50)
        train.withView { again.fit($0) }
        XCTAssertEqual(scores(again, 5, 2, LOFTests.Q), batch)
    }
}
