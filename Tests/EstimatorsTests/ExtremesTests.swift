import DashostEstimators
import XCTest

/// `Extremes.of`: the smallest and largest value in one pass, as `min()` and `max()` give them.
final class ExtremesTests: XCTestCase {
    func testEqualsMinAndMaxForEveryLength() {
        var rng = SeededGenerator(seed: 5)
        for count in 1...40 {
            for _ in 0..<20 {
                let values = (0..<count).map { _ in rng.nextGaussian() * 100 }
                let (lo, hi) = values.withUnsafeBufferPointer { Extremes.of($0) }
                XCTAssertEqual(lo, values.min())
                XCTAssertEqual(hi, values.max())
            }
        }
        let big = (0..<10_001).map { Double(($0 * 7919) % 10_001) - 5000 }
        let (lo, hi) = big.withUnsafeBufferPointer { Extremes.of($0) }
        XCTAssertEqual(lo, -5000)
        XCTAssertEqual(hi, 5000)
    }

    func testInfinitiesAndConstants() {
        let values: [Double] = [3, .infinity, -2, -.infinity, 7, 1, 1, 1, 1]
        XCTAssertTrue(values.withUnsafeBufferPointer { Extremes.of($0) } == (-.infinity, .infinity))
        XCTAssertTrue([Double](repeating: 4, count: 13).withUnsafeBufferPointer { Extremes.of($0) } == (4, 4))
    }
}
