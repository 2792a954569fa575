import DashostEstimators
import Foundation
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

    /// From `Quantile.bracketMinimumCount` values on, the order statistics are selected among the values
    /// a strided sample brackets; the result must be the same whatever the order of the data (the
    /// periodic set aliases with the sample's stride), with ties, and when the bracket misses.
    func testLargeInputsEqualTheSortingDefinition() {
        var rng = SeededGenerator(seed: 23)
        let n = 20_000
        let gaussian = (0..<n).map { _ in rng.nextGaussian() }
        let datasets: [(String, [Double])] = [
            ("gaussian", gaussian),
            ("sorted", gaussian.sorted()),
            ("reversed", gaussian.sorted(by: >)),
            ("periodic", (0..<n).map { Double($0 % 512) }),
            ("few values", (0..<n).map { _ in Double(rng.nextInt(below: 3)) }),
            ("constant", [Double](repeating: 2, count: n)),
            ("heavy tail", (0..<n).map { _ in exp(4 * rng.nextGaussian()) }),
            ("smallest bracketed size", Array(gaussian.prefix(4096))),
            ("one value apart", (0..<4097).map { $0 == 4000 ? 1e300 : Double($0 % 7) }),
        ]
        for (name, values) in datasets {
            for q in [0, 0.001, 0.01, 0.25, 0.5, 0.8, 0.95, 0.99, 0.999, 1] {
                XCTAssertEqual(Quantile.of(values, q), sortedQuantile(values, q), "\(name), q = \(q)")
            }
        }
    }

    /// The three-way split ends on runs of equal values and keeps the partition property.
    func testSelectOnTiesAndShortRanges() {
        for values in [[Double](repeating: 3, count: 100), (0..<100).map { Double($0 % 2) }, (0..<40).map { Double(40 - $0) }, [5, 1]] {
            let sorted = values.sorted()
            for k in [0, values.count / 3, values.count / 2, values.count - 1] {
                var work = values
                work.withUnsafeMutableBufferPointer { b in
                    let v = Quantile.select(b, k)
                    XCTAssertEqual(v, sorted[k])
                    XCTAssertEqual(b[k], sorted[k])
                    XCTAssert(b[..<k].allSatisfy { $0 <= v } && b[(k + 1)...].allSatisfy { $0 >= v })
                }
            }
        }
    }
}
