import DashostEstimators
import DashostPluginKit
import XCTest

/// The method-quality knobs: robust min-max (`upper_quantile`), unscaled probability columns, and the
/// background share of the detector-aware policies.
final class MethodQualityTests: XCTestCase {
    /// Reference 0...100 (101 values): the 0.9 quantile is 90, so x maps to x / 90; the maximum rule
    /// gives x / 100. One extreme reference score (1000) no longer squeezes the scale.
    func testUpperQuantileIgnoresTheMostExtremeReferenceScores() throws {
        let reference = (0...100).map(Double.init)
        let q = MinMaxNormalizer(reference: reference, upperQuantile: 0.9)
        XCTAssertEqual(q.minimum, 0)
        XCTAssertEqual(q.maximum, 90, accuracy: 1e-12)
        XCTAssertEqual(q(45), 0.5, accuracy: 1e-12)
        XCTAssertEqual(MinMaxNormalizer(reference: reference, upperQuantile: 1).maximum, 100)
        let outlier = reference.dropLast() + [1000]
        XCTAssertEqual(MinMaxNormalizer(reference: outlier, upperQuantile: 0.9)(45), 0.5, accuracy: 1e-12)
        XCTAssertLessThan(MinMaxNormalizer(reference: outlier)(45), 0.05)
        // Interpolation between order statistics, as numpy.quantile: [0, 10] at 0.25 -> 2.5.
        XCTAssertEqual(MinMaxNormalizer(reference: [10, 0], upperQuantile: 0.25).maximum, 2.5, accuracy: 1e-12)
        XCTAssertThrowsError(try WeightedScoreFusion(rule: .minMaxSum, upperQuantile: 0))
    }

    /// An unscaled column is added as it is; the others are still normalised on their reference.
    func testUnscaledColumnIsAddedAsItIs() throws {
        let fusion = try WeightedScoreFusion(rule: .minMaxSum, weights: ["classifier": 0.5], unscaled: ["classifier"])
        // detector: reference [0, 4] -> [1, 5] / 4; classifier: a reference packed near 0 (0...0.01)
        // would blow 0.3 up to 30 under min-max; unscaled it adds 0.5 * 0.3.
        let out = try fuseColumns(fusion, [("detector", [1, 5], [0, 2, 4]), ("classifier", [0.3, 0.0], [0, 0.01])])
        XCTAssertEqual(out[0], 0.25 + 0.15, accuracy: 1e-12)
        XCTAssertEqual(out[1], 1.25, accuracy: 1e-12)
        let paper = try fuseColumns(try WeightedScoreFusion(rule: .minMaxSum, weights: ["classifier": 0.5]),
                             [("detector", [1, 5], [0, 2, 4]), ("classifier", [0.3, 0.0], [0, 0.01])])
        XCTAssertEqual(paper[0], 0.25 + 15, accuracy: 1e-9)
    }

    func testUnscaledNamingNoColumnIsAnError() {
        XCTAssertThrowsError(try fuseColumns(try WeightedScoreFusion(rule: .minMaxSum, unscaled: ["clasifier"]),
                                      [("detector", [1], [0, 2]), ("classifier", [1], [0, 2])])) { error in
            XCTAssert("\(error)".contains("'clasifier'"), "\(error)")
        }
    }

    /// 20 % of 50 rows are uniform background rows, after the policy's 40; the policy is asked for 40.
    func testBackgroundMixSplitsRowsAndIsReproducible() throws {
        let train = PolicyFixtures.gaussian(n: 200, cols: 3)
        let mix = BackgroundMix(share: 0.2)
        XCTAssertEqual(mix.backgroundCount(of: 50), 10)
        XCTAssertEqual(BackgroundMix().backgroundCount(of: 50), 0)
        XCTAssertEqual(BackgroundMix(share: 1).backgroundCount(of: 7), 7)
        var asked: [Int] = []
        func run(_ seed: UInt64) throws -> Matrix {
            try train.withView { view in
                try mix.generate(train: view, count: 50, seed: seed) { n in
                    asked.append(n)
                    return Matrix(rows: n, cols: 3, repeating: 0.5)
                }
            }
        }
        let a = try run(7), b = try run(7), c = try run(8)
        XCTAssertEqual(asked, [40, 40, 40])
        XCTAssertEqual(a.rows, 50)
        XCTAssertEqual(a.values, b.values)
        XCTAssertNotEqual(a.values, c.values)
        XCTAssertTrue(a.values[0..<(40 * 3)].allSatisfy { $0 == 0.5 })
        // The background rows lie in the box widened by 10 % per side, and are not all the same.
        let profile = train.withView { FeatureProfile($0) }
        for i in 40..<50 {
            for j in 0..<3 {
                let w = profile.maximum[j] - profile.minimum[j]
                XCTAssertGreaterThanOrEqual(a[i, j], profile.minimum[j] - 0.1 * w - 1e-12)
                XCTAssertLessThanOrEqual(a[i, j], profile.maximum[j] + 0.1 * w + 1e-12)
            }
        }
        XCTAssertGreaterThan(Set(a.values[(40 * 3)...]).count, 20)
    }
}

extension MethodQualityTests {
    /// A rule's *default* unscaled list ("classifier" in `robust_sum`) is ignored when the graph has no
    /// such column; a list given explicitly must name columns.
    func testDefaultUnscaledListToleratesAMissingColumn() throws {
        let lenient = try WeightedScoreFusion(rule: .minMaxSum, unscaled: ["classifier"], upperQuantile: 0.99,
                                              requireUnscaledColumns: false)
        let out = try fuseColumns(lenient, [("a", [2], [0, 4])])
        XCTAssertEqual(out[0], 2 / (0.99 * 4), accuracy: 1e-12)
        XCTAssertThrowsError(try fuseColumns(try WeightedScoreFusion(rule: .minMaxSum, unscaled: ["classifier"]), [("a", [2], [0, 4])]))
    }
}
