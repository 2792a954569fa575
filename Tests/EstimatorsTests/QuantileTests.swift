import DashostEstimators
import XCTest

/// `Quantile`: numpy's linear interpolation, by selection instead of sorting.
final class QuantileTests: XCTestCase {
    /// The sorting definition it must equal.
    private func sortedQuantile(_ values: [Double], _ q: Double) -> Double {
        let s = values.sorted()
        let position = q * Double(s.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, s.count - 1)
        return s[lower] == s[upper] ? s[lower] : s[lower] + (s[upper] - s[lower]) * (position - Double(lower))
    }

    func testKnownValuesAsNumpyComputesThem() {
        // numpy.quantile([4, 1, 3, 2], [0, .5, .99, 1]) = [1, 2.5, 3.97, 4]
        XCTAssertEqual(Quantile.of([4, 1, 3, 2], 0), 1)
        XCTAssertEqual(Quantile.of([4, 1, 3, 2], 0.5), 2.5)
        XCTAssertEqual(Quantile.of([4, 1, 3, 2], 0.99), 3.97, accuracy: 1e-12)
        XCTAssertEqual(Quantile.of([4, 1, 3, 2], 1), 4)
        // numpy.quantile(range(100), .99) = 98.01
        XCTAssertEqual(Quantile.of((0..<100).map(Double.init).reversed(), 0.99), 98.01, accuracy: 1e-9)
        XCTAssertEqual(Quantile.of([7], 0.3), 7)
        // q is clamped to [0, 1].
        XCTAssertEqual(Quantile.of([1, 2, 3], -1), 1)
        XCTAssertEqual(Quantile.of([1, 2, 3], 2), 3)
    }

    func testInfinityTiesGiveInfinityNotNaN() {
        XCTAssertEqual(Quantile.of([1, .infinity, .infinity, .infinity], 0.9), .infinity)
        XCTAssertEqual(Quantile.of([1, 2, .infinity], 0.25), 1.5)
    }

    func testEqualsTheSortingDefinitionOnRandomDataWithTies() {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<300 {
            let n = 1 + rng.nextInt(below: trial < 100 ? 20 : 3000)
            // Few distinct values in a third of the trials: long runs of ties exercise the partition.
            let distinct = trial % 3 == 0 ? 1 + rng.nextInt(below: 4) : 0
            let values = (0..<n).map { _ in distinct > 0 ? Double(rng.nextInt(below: distinct)) : rng.nextGaussian() }
            for q in [0, 0.01, 0.25, 0.5, 0.8, 0.95, 0.99, 1] {
                XCTAssertEqual(Quantile.of(values, q), sortedQuantile(values, q), "n = \(n), q = \(q)")
            }
        }
    }

    func testSelectPartitionsAroundTheOrderStatistic() {
        var rng = SeededGenerator(seed: 3)
        var values = (0..<1000).map { _ in Double(rng.nextInt(below: 50)) }
        let sorted = values.sorted()
        for k in [0, 1, 499, 998, 999] {
            values.withUnsafeMutableBufferPointer { b in
                let v = Quantile.select(b, k)
                XCTAssertEqual(v, sorted[k])
                XCTAssert(b[..<k].allSatisfy { $0 <= v } && b[(k + 1)...].allSatisfy { $0 >= v })
            }
        }
    }
}
