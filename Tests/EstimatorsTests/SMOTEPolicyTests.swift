import DashostEstimators
import XCTest

final class SMOTEPolicyTests: XCTestCase {
    func testShapeFinitenessAndSeeds() throws {
        let train = PolicyFixtures.gaussian(n: 100, cols: 3)
        try PolicyFixtures.checkBasics(count: 20, cols: 3) { seed in
            train.withView { SMOTESynthesis().generate(train: $0, count: 20, seed: seed) }
        }
    }

    /// Training points 0, 1, ..., 9 on a line with one neighbour: row b > 0 has neighbour b - 1 (ties go
    /// to the lower index), so x = b + lambda; row 0 has neighbour 1, so x = -lambda; lambda in
    /// [0.5, 1.5]. Nothing may land in (-0.5, 1.5), and both ends are reached.
    func testExtrapolatesAwayFromTheNeighbour() {
        let train = Matrix(rows: 10, cols: 1, values: (0..<10).map(Double.init))
        var policy = SMOTESynthesis()
        policy.neighbors = 1
        let out = train.withView { policy.generate(train: $0, count: 2_000, seed: 3) }
        let xs = out.values
        XCTAssertTrue(xs.allSatisfy { ($0 >= -1.5 && $0 <= -0.5) || ($0 >= 1.5 && $0 <= 10.5) })
        XCTAssertTrue(xs.contains { $0 < 0 })
        XCTAssertGreaterThan(xs.max()!, 10.3)
    }

    func testSingleRowIsRepeated() {
        let train = Matrix(rows: 1, cols: 2, values: [1, 2])
        let out = train.withView { SMOTESynthesis().generate(train: $0, count: 3, seed: 1) }
        XCTAssertEqual(out.values, [1, 2, 1, 2, 1, 2])
    }
}
