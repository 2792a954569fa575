import DashostEstimators
@_spi(Testing) import DashostPluginKit
import Foundation
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

    /// `unscaled` is a comma-separated list: spaces dropped, empty names skipped; ASCII lists are split
    /// byte by byte, other text by Characters, with the same result.
    func testUnscaledNamesAreSplitAsBefore() throws {
        func names(_ list: String) throws -> Set<String> {
            try WeightedScoreFusion(rule: .minMaxSum, params: try PluginParams(testingJSON: #"{"unscaled": "\#(list)"}"#)).unscaled
        }
        XCTAssertEqual(try names(" classifier , detector,, x y ,"), ["classifier", "detector", "xy"])
        XCTAssertEqual(try names(""), [])
        XCTAssertEqual(try names(" , "), [])
        XCTAssertEqual(try names("é t,a"), ["ét", "a"])
        var rng = SeededGenerator(seed: 9)
        let alphabet = Array("ab ,c\u{301}é\r\n")
        for _ in 0..<500 {
            let list = String((0..<rng.nextInt(below: 12)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] })
            let expected = Set(list.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty })
            let params = try PluginParams(testingJSON: String(data: try JSONSerialization.data(withJSONObject: ["unscaled": list]), encoding: .utf8)!)
            XCTAssertEqual(try WeightedScoreFusion(rule: .minMaxSum, params: params).unscaled, expected, list.debugDescription)
        }
    }

    /// The fused scores are the same bit for bit as the straightforward computation (a zeroed output,
    /// `min()`/`max()`, the sorted quantile), signed zeros and constant references included.
    func testFusedScoresEqualTheStraightforwardComputation() throws {
        var rng = SeededGenerator(seed: 31)
        func column(_ n: Int, zeros: Bool) -> [Double] {
            (0..<n).map { _ in zeros && rng.nextInt(below: 4) == 0 ? (rng.nextInt(below: 2) == 0 ? 0.0 : -0.0) : rng.nextGaussian() }
        }
        func sortedQuantile(_ values: [Double], _ q: Double) -> Double {
            let s = values.sorted()
            let position = q * Double(s.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, s.count - 1)
            return s[lower] == s[upper] ? s[lower] : s[lower] + (s[upper] - s[lower]) * (position - Double(lower))
        }
        for trial in 0..<60 {
            let n = 1 + rng.nextInt(below: trial < 30 ? 50 : 9000), m = 1 + rng.nextInt(below: trial < 30 ? 50 : 9000)
            let zeros = trial % 3 == 0
            let columns: [(String, [Double], [Double])] = [
                ("classifier", column(n, zeros: zeros), trial % 5 == 0 ? [Double](repeating: 0.25, count: m) : column(m, zeros: zeros)),
                ("detector", column(n, zeros: zeros), column(m, zeros: zeros)),
            ]
            for (weights, unscaled, q) in [(["classifier": 0.5], Set<String>(), 1.0), (["classifier": 1.0], Set(["classifier"]), 0.99),
                                           ([:], Set<String>(), 0.9)] {
                let fusion = try WeightedScoreFusion(rule: .minMaxSum, weights: weights, unscaled: unscaled, upperQuantile: q)
                let out = try fuseColumns(fusion, columns)
                var expected = [Double](repeating: 0, count: n)
                for (name, scores, reference) in columns {
                    let w = weights[name] ?? 1
                    let lo = reference.min()!, hi = q < 1 ? sortedQuantile(reference, q) : reference.max()!
                    for i in 0..<n {
                        let x = unscaled.contains(name) ? scores[i] : (hi - lo > 0 ? (scores[i] - lo) / (hi - lo) : 0)
                        expected[i] += w * x
                    }
                }
                XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "trial \(trial), q \(q)")
            }
        }
    }
}
