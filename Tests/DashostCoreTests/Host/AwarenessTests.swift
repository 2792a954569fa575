import DashostCore
import Foundation
import XCTest

/// `SyntheticRowMeasures` (what `dashost awareness` reports): its percentile and distance arithmetic
/// by hand, and on a real run of the standard graph that the measures say what they should about the
/// uniform baseline (far, easy) against the detector's own policy (close, hidden from the detector).
final class AwarenessTests: XCTestCase {
    func testPercentileCountsTiesHalfAndQuantileInterpolates() {
        let sorted: [Double] = [1, 2, 2, 3]
        XCTAssertEqual(SyntheticRowMeasures.percentile(of: 0, in: sorted), 0)
        XCTAssertEqual(SyntheticRowMeasures.percentile(of: 2, in: sorted), (1 + 0.5 * 2) / 4)
        XCTAssertEqual(SyntheticRowMeasures.percentile(of: 9, in: sorted), 1)
        // NumPy: np.quantile([1, 2, 2, 3], 0.9) = 2.7
        XCTAssertEqual(SyntheticRowMeasures.quantile([3, 1, 2, 2], 0.9), 2.7, accuracy: 1e-12)
        XCTAssertTrue(SyntheticRowMeasures.quantile([], 0.5).isNaN)
    }

    func testDistanceRatioIsInUnitsOfTheTrainingRowsOwnSpacing() {
        // Training rows on a line 0, 1, ..., 9 (std sqrt(8.25)); every row's nearest other row is 1
        // apart, so a point 3 beyond the last row has ratio 3, and a training row itself ratio 0.
        let train = DataMatrix(rows: 10, cols: 1, values: (0..<10).map(Double.init))
        let rows = DataMatrix(rows: 2, cols: 1, values: [12, 4])
        let ratios = SyntheticRowMeasures.distanceRatios(train: train, rows: rows)
        XCTAssertEqual(ratios[0], 3, accuracy: 1e-12)
        XCTAssertEqual(ratios[1], 0, accuracy: 1e-12)
    }

    func testUniformRowsAreFarAndEasyTheOwnPolicysHiddenFromTheDetector() throws {
        try HostFixtures.requireBuiltPlugins()
        let registry = try HostFixtures.registry()
        func measures(_ config: String) throws -> SyntheticRowMeasures {
            let standard = try BenchConfig(config).pipeline(detector: "knn", data: HostFixtures.cardio, seed: 42, registry: registry)
            let pipeline = try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry)
            let share = config == "enhanced" ? 0.2 : 0
            return try SyntheticRowMeasures(run: try PipelineRunner().run(pipeline), backgroundShare: share)
        }
        let own = try measures("enhanced"), uniform = try measures("policy=uniform_policy")
        // cardio: 827 training rows, 83 synthetic; the own policy's 66 hard rows, 17 background rows.
        XCTAssertEqual(own.synthetic, 83)
        XCTAssertEqual(own.hard, 66)
        XCTAssertEqual(uniform.hard, 83)
        // KNN's policy keeps what KNN scores at most its 0.99 training quantile (or the lowest-scoring
        // rejects): nearly all hidden; uniform points in a 21-dimensional box are almost never.
        XCTAssertGreaterThan(own.hiddenShare, 0.9)
        XCTAssertLessThan(uniform.hiddenShare, 0.1)
        // Own rows stay near the data; uniform rows fill the box (and no feature constant on the
        // training rows may blow the ratio up: cardio has such a feature).
        XCTAssertLessThan(own.distanceRatioMedian, uniform.distanceRatioMedian)
        XCTAssertLessThan(uniform.distanceRatioMedian, 1000)
        XCTAssertGreaterThan(uniform.oobAUC, 0.99)
        XCTAssertLessThanOrEqual(own.oobAUCHard, uniform.oobAUC)
        for m in [own, uniform] {
            XCTAssert((0...1).contains(m.aucprDetector) && (0...1).contains(m.aucprClassifier) && (0...1).contains(m.aucprEnhanced))
        }
        XCTAssertEqual(own.aucprDetector, uniform.aucprDetector)
    }
}
