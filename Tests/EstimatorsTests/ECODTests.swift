import DashostEstimators
import DashostPluginKit
import Foundation
import XCTest

final class ECODTests: XCTestCase {
    private func fit(_ values: [Double], cols: Int, _ model: ECOD = ECOD()) -> ECOD {
        var m = model
        Matrix(rows: values.count / cols, cols: cols, values: values).withView { m.fit($0) }
        return m
    }

    private func scores(_ m: ECOD, _ values: [Double], cols: Int) -> [Double] {
        Matrix(rows: values.count / cols, cols: cols, values: values).withView { m.score($0) }
    }

    // Column 1 = 1, 2, 3, 4 (skewness exactly 0), column 2 = 0, 0, 0, 1 (positive skewness).
    private let train: [Double] = [1, 0, 2, 0, 3, 0, 4, 1]

    func testTinyColumnsByHand() {
        let m = fit(train, cols: 2)
        XCTAssertEqual(m.skewSigns, [0, 1])
        let s = scores(m, [2.5, 0, 10, 1, 0, 0.5], cols: 2)
        // ECDF over the 4 training values plus the row: F = (count + 1) / 5.
        // (2.5, 0): col 1 F_l = F_r = 3/5, zero skew -> U_l + U_r; col 2 F_l = 4/5, F_r = 1.
        XCTAssertEqual(s[0], 2 * log(5.0 / 3) + log(5.0 / 4), accuracy: 1e-12)
        // (10, 1): col 1 F_r = 1/5; col 2 F_r = 2/5.
        XCTAssertEqual(s[1], log(5.0) + log(2.5), accuracy: 1e-12)
        // (0, 0.5): col 1 F_l = 1/5; col 2 F_l = 4/5, F_r = 2/5.
        XCTAssertEqual(s[2], log(5.0) + log(2.5), accuracy: 1e-12)
        // PyOD ECOD().fit(train).decision_function on each row alone:
        XCTAssertEqual(s[0], 1.2447947988461907, accuracy: 1e-12)
        XCTAssertEqual(s[1], 2.525728644308255, accuracy: 1e-12)
    }

    func testPaperAggregationTakesTheLargestSum() {
        let m = fit(train, cols: 2, ECOD(aggregation: .maxOfSums))
        // (2.5, 0): left sum log(5/3) + log(5/4), right sum log(5/3), skew sum 2 log(5/3).
        XCTAssertEqual(scores(m, [2.5, 0], cols: 2)[0], 2 * log(5.0 / 3), accuracy: 1e-12)
    }

    func testConstantColumnIsFinite() {
        let m = fit([7, 1, 7, 2, 7, 3], cols: 2)
        XCTAssertEqual(m.skewSigns[0], 0)
        let s = scores(m, [7, 2, 8, 2], cols: 2)
        XCTAssert(s.allSatisfy { $0.isFinite })
        // Off the constant value one tail has only the row itself: -log(1/4).
        XCTAssertEqual(s[1] - s[0], log(4.0), accuracy: 1e-12)
    }

    func testExtremeRowScoresHighestAndBatchEqualsRowByRow() {
        var g = SeededGenerator(seed: 3)
        let X = (0..<(500 * 3)).map { _ in g.nextGaussian() }
        let m = fit(X, cols: 3)
        let queries = (0..<(40 * 3)).map { _ in g.nextGaussian() } + [6, -6, 6]
        let batch = scores(m, queries, cols: 3)
        XCTAssertEqual(batch.indices.max { batch[$0] < batch[$1] }, 40)
        XCTAssertEqual(batch[40], 3 * log(501.0), accuracy: 1e-9)  // beyond every training value
        for i in 0..<41 {
            XCTAssertEqual(scores(m, Array(queries[(3 * i)..<(3 * i + 3)]), cols: 3)[0], batch[i])
        }
    }

    /// Naive ECOD: counts by a scan of every training value, `log` per tail.
    private func naiveScore(_ train: [Double], rows n: Int, cols d: Int, row x: [Double], signs: [Double]) -> Double {
        var total = 0.0
        for j in 0..<d {
            let column = (0..<n).map { train[$0 * d + j] }
            let left = log(Double(n + 1)) - log(Double(column.filter { $0 <= x[j] }.count + 1))
            let right = log(Double(n + 1)) - log(Double(column.filter { $0 >= x[j] }.count + 1))
            let skew = signs[j] < 0 ? left : (signs[j] > 0 ? right : left + right)
            total += max(left, right, skew)
        }
        return total
    }

    func testDiscreteColumnsWithManyTiesMatchNaiveCounts() {
        // Columns with 2, 3 and 40 distinct values; queries on, between and beyond them, enough rows
        // to span several scoring blocks.
        var g = SeededGenerator(seed: 11)
        let n = 300, d = 3
        let train = (0..<(n * d)).map { i -> Double in
            switch i % d {
            case 0: return Double(g.nextInt(below: 2))
            case 1: return Double(g.nextInt(below: 3)) * 0.5
            default: return Double(g.nextInt(below: 40)) - 20
            }
        }
        let m = fit(train, cols: d)
        XCTAssertEqual(m.columnStarts, [0, 2, 5, 45])
        let queries = (0..<(700 * d)).map { i -> Double in
            let v = Double(g.nextInt(below: 9)) * 0.25 - 0.5  // -0.5 ... 1.5: on and between values
            return i % d == 2 ? v * 20 : v
        }
        let s = scores(m, queries, cols: d)
        for r in stride(from: 0, to: 700, by: 7) {
            let row = Array(queries[(r * d)..<(r * d + d)])
            XCTAssertEqual(s[r], naiveScore(train, rows: n, cols: d, row: row, signs: m.skewSigns), accuracy: 1e-12)
        }
    }
}
