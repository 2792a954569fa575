import DashostEstimators
import XCTest

final class GaussianNoisePolicyTests: XCTestCase {
    func testShapeFinitenessAndSeeds() throws {
        let train = PolicyFixtures.gaussian(n: 100, cols: 3)
        try PolicyFixtures.checkBasics(count: 20, cols: 3) { seed in
            train.withView { GaussianNoiseSynthesis().generate(train: $0, count: 20, seed: seed) }
        }
    }

    /// Feature 0 takes -1 and +1 (variance 1, std 1); the output's variance on it is therefore
    /// 1 + (noise_scale * hardness scale)^2; the constant feature 1 never moves.
    func testNoiseScaleFollowsFeatureStdAndHardness() {
        let train = Matrix(rows: 2, cols: 2, values: [-1, 3, 1, 3])
        for (h, sigma) in [(Hardness.high, 0.25), (.medium, 0.5), (.low, 1.0)] {
            var policy = GaussianNoiseSynthesis()
            policy.hardness = h
            let out = train.withView { policy.generate(train: $0, count: 20_000, seed: 1) }
            let column = (0..<out.rows).map { out[$0, 0] }
            let mean = PolicyFixtures.mean(column)
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(out.rows)
            XCTAssertEqual(variance, 1 + sigma * sigma, accuracy: 0.04 * (1 + sigma * sigma))
            XCTAssertTrue((0..<out.rows).allSatisfy { out[$0, 1] == 3 })
        }
    }
}
