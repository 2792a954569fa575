import DashostEstimators
@_spi(Testing) import DashostPluginKit
import XCTest

/// The micro-cluster synthesis behind both neighbourhood policies: KNN's (k = 5, single local
/// outliers from every training row) and LOF's (k = 20, micro-clusters next to borderline rows).
/// Shared properties are checked for each, with the detector's own neighbourhood size as the scorer.
final class MicroClusterPolicyTests: XCTestCase {
    let train = PolicyFixtures.gaussian(n: 300, cols: 3, seed: 4)
    /// (the detector's policy, its neighbourhood size)
    let policies: [(name: String, policy: MicroClusterSynthesis, k: Int)] = [
        ("knn", KNNSynthesis.policy(), 5), ("lof", LOFSynthesis.policy(), 20)]

    func testDefaultsUseTheDetectorsNeighbourhood() {
        for (name, policy, k) in policies {
            XCTAssertEqual(policy.neighbors, k, name)
        }
        let lof = LOFSynthesis.policy(), knn = KNNSynthesis.policy()
        XCTAssertEqual(lof.clusterSize, 5)
        XCTAssertEqual(lof.borderlineQuantile, 0.8)
        XCTAssertEqual(lof.stepRange, 0.25...1.0)
        XCTAssertEqual(knn.clusterSize, 1)
        XCTAssertEqual(knn.borderlineQuantile, 0)
        XCTAssertEqual(knn.stepRange, 1.0...3.0)
    }

    /// Parameters left out keep each policy's own defaults; given ones override them.
    func testConfigureKeepsEachPolicysDefaults() throws {
        for (name, initial, _) in policies {
            var policy = initial
            try policy.configure(try PluginParams(testingJSON: "{}"))
            XCTAssertEqual(policy.borderlineQuantile, initial.borderlineQuantile, name)
            XCTAssertEqual(policy.clusterSize, initial.clusterSize, name)
            XCTAssertEqual(policy.stepRange, initial.stepRange, name)
            try policy.configure(try PluginParams(testingJSON: #"{"borderline_quantile": 0.5, "cluster_size": 3, "step_min": 0.5, "step_max": 2}"#))
            XCTAssertEqual(policy.borderlineQuantile, 0.5, name)
            XCTAssertEqual(policy.clusterSize, 3, name)
            XCTAssertEqual(policy.stepRange, 0.5...2.0, name)
        }
    }

    func testShapeFinitenessAndSeeds() throws {
        for (_, policy, k) in policies {
            let score = PolicyFixtures.knnDistance(train, k: k)
            // 23 rows: for LOF 4 full clusters of 5 and a cut one of 3.
            try PolicyFixtures.checkBasics(count: 23, cols: 3) { seed in
                try train.withView { try policy.generate(train: $0, score: score, count: 23, seed: seed) }
            }
        }
    }

    /// LOF's rows come cluster by cluster (groups of 5): a member's nearest fellow member is much
    /// closer than its nearest training row, a cluster is narrower than the training rows' own
    /// k-neighbourhoods, and no row copies a training row.
    func testLOFPointsComeInTightGroups() throws {
        let k = 20
        let out = try train.withView { try LOFSynthesis.policy().generate(train: $0, score: PolicyFixtures.knnDistance(train, k: k), count: 50, seed: 7) }
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
        XCTAssertLessThan(PolicyFixtures.mean(nearestMember), 0.5 * PolicyFixtures.mean(nearestTraining))
        XCTAssertLessThan(widest, Quantile.of(trainKDistance, 0.5))
        XCTAssertTrue(nearestTraining.allSatisfy { $0 > 0 }, "no row is a copy of a training row")
    }

    /// KNN's blind spot on data of two densities: a tight group (sd 0.05) next to a wide one (sd 1).
    /// The policy's points include local outliers of the tight group: KNN scores them as normal (at
    /// most the 0.99 quantile of its training scores, far below the wide group's typical score), yet
    /// each is farther from its nearest training row than the tight rows' own 5-neighbour distances
    /// (it lies outside the group, a local outlier). Borderline seeds alone (LOF's setting) would
    /// all lie in the wide group and never make such points.
    func testKNNMakesLocalOutliersOfDenseRegions() throws {
        var rng = SeededGenerator(seed: 5)
        var values: [Double] = []
        for i in 0..<300 {
            let (centre, sd) = i < 150 ? (0.0, 0.05) : (10.0, 1.0)
            values += [centre + sd * rng.nextGaussian(), sd * rng.nextGaussian()]
        }
        let data = Matrix(rows: 300, cols: 2, values: values)
        let score = PolicyFixtures.knnDistance(data, k: 5)
        let trainScores = try PolicyFixtures.scores(data, PolicyFixtures.knnDistance(data, k: 6))  // self + 5
        let tightKDistance = Array(trainScores[0..<150])
        let out = try data.withView { try KNNSynthesis.policy().generate(train: $0, score: score, count: 60, seed: 3) }
        let outScores = try PolicyFixtures.scores(out, score)
        let nearest = try PolicyFixtures.scores(out, PolicyFixtures.knnDistance(data, k: 1))
        let nearTight = (0..<out.rows).filter { abs(out[$0, 0]) < 2 }
        XCTAssertGreaterThanOrEqual(nearTight.count, 15, "a share of the points comes from the dense group")
        let threshold = Quantile.of(try PolicyFixtures.scores(data, score), 0.99)
        XCTAssertTrue(nearTight.allSatisfy { outScores[$0] <= threshold }, "KNN scores them as normal")
        XCTAssertLessThan(PolicyFixtures.mean(nearTight.map { outScores[$0] }), Quantile.of(Array(trainScores[150...]), 0.5))
        let tightScale = Quantile.of(tightKDistance, 0.5)
        XCTAssertGreaterThan(PolicyFixtures.mean(nearTight.map { nearest[$0] }), tightScale, "outside the dense group's own neighbourhoods")
        XCTAssertTrue(nearest.allSatisfy { $0 > 0 }, "no row is a copy of a training row")

        var borderlineOnly = KNNSynthesis.policy()
        borderlineOnly.borderlineQuantile = 0.8
        let fromBorderline = try data.withView { try borderlineOnly.generate(train: $0, score: score, count: 60, seed: 3) }
        XCTAssertEqual((0..<fromBorderline.rows).filter { abs(fromBorderline[$0, 0]) < 2 }.count, 0)
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
