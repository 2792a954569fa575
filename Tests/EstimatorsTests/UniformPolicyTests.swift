import DashostEstimators
import XCTest

final class UniformPolicyTests: XCTestCase {
    func testShapeFinitenessAndSeeds() throws {
        let train = PolicyFixtures.gaussian(n: 100, cols: 3)
        try PolicyFixtures.checkBasics(count: 20, cols: 3) { seed in
            train.withView { UniformSynthesis().generate(train: $0, count: 20, seed: seed) }
        }
    }

    /// Feature 0 spans [0, 10]: widened by 10 % per side it is [-1, 11], filled uniformly; the constant
    /// feature stays put.
    func testFillsTheWidenedRange() {
        let train = Matrix(rows: 3, cols: 2, values: [0, 5, 4, 5, 10, 5])
        let out = train.withView { UniformSynthesis().generate(train: $0, count: 10_000, seed: 2) }
        let column = (0..<out.rows).map { out[$0, 0] }
        XCTAssertTrue(column.allSatisfy { $0 >= -1 && $0 <= 11 })
        XCTAssertLessThan(column.min()!, -0.9)
        XCTAssertGreaterThan(column.max()!, 10.9)
        XCTAssertEqual(PolicyFixtures.mean(column), 5, accuracy: 0.15)
        XCTAssertEqual(Double(column.filter { $0 < 0 }.count) / 10_000, 1.0 / 12, accuracy: 0.01)
        XCTAssertTrue((0..<out.rows).allSatisfy { out[$0, 1] == 5 })
        var wide = UniformSynthesis()
        wide.hardness = .low  // 20 % per side: [-2, 12]
        let far = train.withView { wide.generate(train: $0, count: 10_000, seed: 2) }
        XCTAssertLessThan((0..<far.rows).map { far[$0, 0] }.min()!, -1.5)
    }
}
