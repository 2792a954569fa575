import DashostEstimators
import XCTest

/// The micro-cluster synthesis behind both neighbourhood policies: KNN's (k = 5) and LOF's (k = 20).
/// Every property is checked for each, with the detector's own neighbourhood size as the scorer.
final class MicroClusterPolicyTests: XCTestCase {
    let train = PolicyFixtures.gaussian(n: 300, cols: 3, seed: 4)
    /// (the detector's policy, its neighbourhood size)
    let policies: [(name: String, policy: MicroClusterSynthesis, k: Int)] = [
        ("knn", KNNSynthesis.policy(), 5), ("lof", LOFSynthesis.policy(), 20)]

    func testDefaultsUseTheDetectorsNeighbourhood() {
        for (name, policy, k) in policies {
            XCTAssertEqual(policy.neighbors, k, name)
            XCTAssertEqual(policy.clusterSize, 5, name)
        }
    }

    func testShapeFinitenessAndSeeds() throws {
        for (_, policy, k) in policies {
            let score = PolicyFixtures.knnDistance(train, k: k)
            // 23 rows = 4 full clusters of 5 and a cut one of 3.
            try PolicyFixtures.checkBasics(count: 23, cols: 3) { seed in
                try train.withView { try policy.generate(train: $0, score: score, count: 23, seed: seed) }
            }
        }
    }

    /// Rows come cluster by cluster (groups of 5): a member's nearest fellow member is much closer than
    /// its nearest training row, a cluster is narrower than the training rows' own k-neighbourhoods,
    /// and no row copies a training row.
    func testPointsComeInTightGroups() throws {
        for (name, policy, k) in policies {
            let out = try train.withView { try policy.generate(train: $0, score: PolicyFixtures.knnDistance(train, k: k), count: 50, seed: 7) }
            let nearestTraining = try PolicyFixtures.scores(out, PolicyFixtures.knnDistance(train, k: 1))
            let trainKDistance = try PolicyFixtures.scores(train, PolicyFixtures.knnDistance(train, k: k + 1))  // self + k
            var nearestMember = [Double](repeating: .infinity, count: out.rows)
            var widest = 0.0
            for i in 0..<out.rows {
                for j in ((i / 5) * 5)..<((i / 5) * 5 + 5) where j != i {
                    let d = PolicyFixtures.distance(out.values[(i * 3)..<(i * 3 + 3)], out.values[(j * 3)..<(j * 3 + 3)])
                    nearestMember[i] = min(nearestMember[i], d)
                    widest = max(widest, d)
                }
            }
            XCTAssertLessThan(PolicyFixtures.mean(nearestMember), 0.5 * PolicyFixtures.mean(nearestTraining), name)
            XCTAssertLessThan(widest, PolicyMath.quantile(trainKDistance, 0.5), name)
            XCTAssertTrue(nearestTraining.allSatisfy { $0 > 0 }, "\(name): no row is a copy of a training row")
        }
    }

    func testHighHardnessScoresCloserToNormalThanLow() throws {
        for (name, initial, k) in policies {
            let score = PolicyFixtures.knnDistance(train, k: k)
            func meanScore(_ h: Hardness) throws -> Double {
                var policy = initial
                policy.hardness = h
                let out = try train.withView { try policy.generate(train: $0, score: score, count: 100, seed: 8) }
                return PolicyFixtures.mean(try PolicyFixtures.scores(out, score))
            }
            XCTAssertLessThan(try meanScore(.high), try meanScore(.low), name)
        }
    }
}
