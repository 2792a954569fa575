import DashostEstimators
import XCTest

final class KNNPolicyTests: XCTestCase {
    let train = PolicyFixtures.gaussian(n: 300, cols: 3, seed: 4)

    func testDefaultsUseTheDetectorsNeighbourhood() {
        XCTAssertEqual(KNNSynthesis.policy().neighbors, 5)
        XCTAssertEqual(KNNSynthesis.policy().clusterSize, 5)
    }

    func testShapeFinitenessAndSeeds() throws {
        let score = PolicyFixtures.knnDistance(train, k: 5)
        // 23 rows = 4 full clusters of 5 and a cut one of 3.
        try PolicyFixtures.checkBasics(count: 23, cols: 3) { seed in
            try train.withView { try KNNSynthesis.policy().generate(train: $0, score: score, count: 23, seed: seed) }
        }
    }

    /// Rows come cluster by cluster (groups of 5): a member's nearest fellow member is much closer than
    /// its nearest training row, a cluster is narrower than the training rows' own 5-neighbourhoods,
    /// and no row copies a training row.
    func testPointsComeInTightGroups() throws {
        let out = try train.withView { try KNNSynthesis.policy().generate(train: $0, score: PolicyFixtures.knnDistance(train, k: 5), count: 50, seed: 7) }
        let nearestTraining = try PolicyFixtures.scores(out, PolicyFixtures.knnDistance(train, k: 1))
        let trainKDistance = try PolicyFixtures.scores(train, PolicyFixtures.knnDistance(train, k: 5 + 1))  // self + k
        var nearestMember = [Double](repeating: .infinity, count: out.rows)
        var widest = 0.0
        for i in 0..<out.rows {
            for k in ((i / 5) * 5)..<((i / 5) * 5 + 5) where k != i {
                let d = PolicyFixtures.distance(out.values[(i * 3)..<(i * 3 + 3)], out.values[(k * 3)..<(k * 3 + 3)])
                nearestMember[i] = min(nearestMember[i], d)
                widest = max(widest, d)
            }
        }
        XCTAssertLessThan(PolicyFixtures.mean(nearestMember), 0.5 * PolicyFixtures.mean(nearestTraining))
        XCTAssertLessThan(widest, PolicyMath.quantile(trainKDistance, 0.5))
        XCTAssertTrue(nearestTraining.allSatisfy { $0 > 0 }, "no row is a copy of a training row")
    }

    func testHighHardnessScoresCloserToNormalThanLow() throws {
        let score = PolicyFixtures.knnDistance(train, k: 5)
        func meanScore(_ h: Hardness) throws -> Double {
            var policy = KNNSynthesis.policy()
            policy.hardness = h
            let out = try train.withView { try policy.generate(train: $0, score: score, count: 100, seed: 8) }
            return PolicyFixtures.mean(try PolicyFixtures.scores(out, score))
        }
        XCTAssertLessThan(try meanScore(.high), try meanScore(.low))
    }
}
