import DashostEstimators
import XCTest

final class ECODPolicyTests: XCTestCase {
    let train = PolicyFixtures.correlated(n: 300, cols: 4, noise: 0.1)

    func testShapeFinitenessAndSeeds() throws {
        let score = PolicyFixtures.distanceToMean(train)
        try PolicyFixtures.checkBasics(count: 40, cols: 4) { seed in
            try train.withView { try ECODSynthesis().generate(train: $0, score: score, count: 40, seed: seed) }
        }
    }

    /// Every generated value is a training value of its own feature, inside the feature's range.
    func testValuesStayInsideEachFeaturesTrainingRange() throws {
        let score = PolicyFixtures.distanceToMean(train)
        for h in Hardness.allCases {
            var policy = ECODSynthesis()
            policy.hardness = h
            let out = try train.withView { try policy.generate(train: $0, score: score, count: 50, seed: 4) }
            let p = train.withView { FeatureProfile($0) }
            for j in 0..<4 {
                let values = Set((0..<train.rows).map { train[$0, j] })
                for i in 0..<out.rows {
                    XCTAssertTrue(values.contains(out[i, j]))
                    XCTAssertTrue(out[i, j] >= p.minimum[j] && out[i, j] <= p.maximum[j])
                }
            }
        }
    }

    /// At "low" every feature is redrawn independently: the strong correlation of the data is gone.
    func testBreaksTheCorrelationStructure() throws {
        func correlation(_ m: Matrix, _ a: Int, _ b: Int) -> Double {
            let n = Double(m.rows)
            let xa = (0..<m.rows).map { m[$0, a] }, xb = (0..<m.rows).map { m[$0, b] }
            let ma = xa.reduce(0, +) / n, mb = xb.reduce(0, +) / n
            let cov = zip(xa, xb).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
            let va = xa.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = xb.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
            return cov / (va * vb).squareRoot()
        }
        let score = PolicyFixtures.distanceToMean(train)
        var policy = ECODSynthesis()
        policy.hardness = .low
        let out = try train.withView { try policy.generate(train: $0, score: score, count: 300, seed: 5) }
        XCTAssertGreaterThan(abs(correlation(train, 0, 1)), 0.9)
        XCTAssertLessThan(abs(correlation(out, 0, 1)), 0.3)
    }

    func testHighHardnessScoresCloserToNormalThanLow() throws {
        // Mahalanobis-like: the correlated direction is cheap, breaking it is expensive.
        let score = PolicyFixtures.knnDistance(train, k: 5)
        func meanScore(_ h: Hardness) throws -> Double {
            var policy = ECODSynthesis()
            policy.hardness = h
            let out = try train.withView { try policy.generate(train: $0, score: score, count: 100, seed: 6) }
            return PolicyFixtures.mean(try PolicyFixtures.scores(out, score))
        }
        XCTAssertLessThan(try meanScore(.high), try meanScore(.low))
    }
}
