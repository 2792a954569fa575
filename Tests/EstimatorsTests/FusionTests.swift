import DashostEstimators
import DashostPluginKit
import XCTest

/// The three fusion rules against hand-computed values.
final class FusionTests: XCTestCase {
    /// Runs a rule on columns given as (name, scores, reference).
    private func fuse(_ rule: WeightedScoreFusion.Rule, weights: [String: Double] = [:],
                      _ columns: [(String, [Double], [Double])]) throws -> [Double] {
        try fuseColumns(try WeightedScoreFusion(rule: rule, weights: weights), columns)
    }

    private func assertClose(_ a: [Double], _ b: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-12, file: file, line: line) }
    }

    func testMinMaxSumIsThePapersRule() throws {
        // detector: reference 0..4 -> [1, 5, -1] scale to [0.25, 1.25, -0.25] (no clipping);
        // classifier: reference 0.1..0.5 -> [0.3, 0.1, 1.0] scale to [0.5, 0, 2.25], weighted by 0.5.
        let out = try fuse(.minMaxSum, weights: ["classifier": 0.5],
                           [("detector", [1, 5, -1], [0, 2, 4]), ("classifier", [0.3, 0.1, 1.0], [0.1, 0.5, 0.3])])
        assertClose(out, [0.5, 1.25, 0.875])
        let unweighted = try fuse(.minMaxSum, [("detector", [1, 5, -1], [0, 2, 4]), ("classifier", [0.3, 0.1, 1.0], [0.1, 0.5])])
        assertClose(unweighted, [0.75, 1.25, 2.0])
    }

    func testMinMaxConstantReferenceMapsToZero() throws {
        let out = try fuse(.minMaxSum, [("detector", [1, 2], [0, 4]), ("classifier", [7, -3], [0.2, 0.2])])
        assertClose(out, [0.25, 0.5])
    }

    func testRankAverageUsesMidRankEmpiricalCDF() throws {
        // Reference [1, 2, 2, 3]: F(0) = 0, F(1) = 0.5/4, F(2) = (1 + 2/2)/4, F(2.5) = 3/4, F(3) = 3.5/4, F(5) = 1.
        let cdf = EmpiricalCDF(reference: [2, 3, 1, 2])
        assertClose([0, 1, 2, 2.5, 3, 5].map { cdf($0) }, [0, 0.125, 0.5, 0.75, 0.875, 1])
        // Weighted mean of two columns: (3 * F_a + 1 * F_b) / 4.
        let out = try fuse(.rankAverage, weights: ["a": 3],
                           [("a", [2, 0], [1, 2, 2, 3]), ("b", [10, 25], [10, 20, 30, 40])])
        assertClose(out, [(3 * 0.5 + 0.125) / 4, (0 + 0.5) / 4])
    }

    func testZScoreSum() throws {
        // Reference [1, 2, 3]: mean 2, population std sqrt(2/3). Constant reference [5, 5]: std -> 1.
        let std = (2.0 / 3.0).squareRoot()
        let out = try fuse(.zScoreSum, weights: ["b": 2], [("a", [4, 2], [1, 2, 3]), ("b", [6, 5], [5, 5])])
        assertClose(out, [2 / std + 2 * 1, 0])
    }

    func testWeightForAMissingColumnIsAnErrorNamingIt() {
        XCTAssertThrowsError(try fuse(.minMaxSum, weights: ["clasifier": 0.5], [("detector", [1], [0, 2]), ("classifier", [1], [0, 2])])) { error in
            XCTAssertEqual((error as? PluginError)?.status, PluginError.badParams("").status)
            XCTAssert("\(error)".contains("'clasifier'"), "\(error)")
        }
    }

    func testNegativeOrAllZeroWeightsAreRejected() {
        XCTAssertThrowsError(try WeightedScoreFusion(rule: .minMaxSum, weights: ["a": -1]))
        XCTAssertThrowsError(try fuse(.rankAverage, weights: ["a": 0], [("a", [1], [0, 2])]))
    }
}
