import CSVM
import DashostEstimators
import Foundation
import XCTest

/// `dashost_exp_batch` (vendored libsvm): the batched, vectorised exp of the RBF kernel must equal the
/// scalar exp to a few ulp, and zero every exponent below its floor, on any batch length.
final class ExpBatchTests: XCTestCase {
    func testMatchesScalarExpAndZeroesBelowTheFloor() {
        var rng = SeededGenerator(seed: 5)
        for n in [0, 1, 3, 4, 5, 8, 255, 256, 1001] {
            let exponents = (0..<n).map { i in i % 7 == 0 ? -800 : Double.random(in: -750...0, using: &rng) }
            var values = exponents
            values.withUnsafeMutableBufferPointer { dashost_exp_batch($0.baseAddress, Int32(n), -708.39) }
            for (a, v) in zip(exponents, values) {
                if a < -708.39 {
                    XCTAssertEqual(v, 0, "exp(\(a)) below the floor")
                } else {
                    XCTAssertEqual(v, Foundation.exp(a), accuracy: 4 * Foundation.exp(a).ulp, "exp(\(a))")
                }
            }
        }
        // libsvm's floor for float kernel columns.
        var column = [-103.9, -104.0, -104.1, 0, -1e-300]
        column.withUnsafeMutableBufferPointer { dashost_exp_batch($0.baseAddress, 5, -104) }
        XCTAssertEqual(column[0], Foundation.exp(-103.9), accuracy: 4 * Foundation.exp(-103.9).ulp)
        XCTAssertEqual(column[1], Foundation.exp(-104.0), accuracy: 4 * Foundation.exp(-104.0).ulp)
        XCTAssertEqual(Array(column[2...]), [0, 1, 1])
    }
}
