import DashostEstimators
import DashostPluginKit
import XCTest

/// `allFinite`: the branch-free scan the export thunks check inputs and outputs with.
final class FiniteScanTests: XCTestCase {
    private func check(_ values: [Double]) -> Bool { values.withUnsafeBufferPointer { allFinite($0) } }

    private func check(_ a: [Double], _ b: [Double]) -> Bool {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in allFinite(pa, pb) } }
    }

    func testFiniteExtremesPass() {
        XCTAssertTrue(check([]))
        XCTAssertTrue(check([0, -0.0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                             .leastNonzeroMagnitude, -.leastNormalMagnitude, .ulpOfOne, 1e308, -1e-308]))
    }

    /// Every non-finite kind is found at every position, including the scalar tail after the vector part.
    func testEveryNonFiniteValueIsFoundAnywhere() {
        let bad: [Double] = [.nan, -.nan, .signalingNaN, .infinity, -.infinity, Double(bitPattern: 0x7FF0_0000_0000_0001),
                             Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF)]
        for count in [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33] {
            for position in 0..<count {
                for x in bad {
                    var values = (0..<count).map { Double($0) - 3.5 }
                    values[position] = x
                    XCTAssertFalse(check(values), "count \(count), position \(position), \(x)")
                    let other = (0..<(count + position % 3)).map { Double($0) }
                    XCTAssertFalse(check(values, other), "first of two, count \(count), position \(position)")
                    XCTAssertFalse(check(other, values), "second of two, count \(count), position \(position)")
                    XCTAssertTrue(check(other, other.reversed()))
                }
            }
        }
    }

    func testBuffersOfDifferentLengths() {
        XCTAssertTrue(check([1, 2, 3], []))
        XCTAssertTrue(check([], [1]))
        XCTAssertFalse(check([1], [1, 2, 3, 4, 5, .nan]))
        XCTAssertFalse(check([1, 2, 3, 4, 5, .infinity], [1]))
    }
}
