import DashostEstimators
import XCTest

final class IForestPolicyTests: XCTestCase {
    let train = PolicyFixtures.correlated(n: 300, cols: 4)

    func testShapeFinitenessAndSeeds() throws {
        let score = PolicyFixtures.distanceToMean(train)
        try PolicyFixtures.checkBasics(count: 40, cols: 4) { seed in
            try train.withView { try IForestSynthesis().generate(train: $0, score: score, count: 40, seed: seed) }
        }
    }

    /// With enough candidates passing, every kept row scores at most the medium acceptance quantile
    /// (0.99) of the training scores, yet extrapolated rows lie beyond their seed.
    func testKeptCandidatesLookNormalToTheDetector() throws {
        let score = PolicyFixtures.distanceToMean(train)
        let trainScores = try PolicyFixtures.scores(train, score)
        let out = try train.withView { try IForestSynthesis().generate(train: $0, score: score, count: 60, seed: 3) }
        let limit = Quantile.of(trainScores, 0.99)
        XCTAssertTrue(try PolicyFixtures.scores(out, score).allSatisfy { $0 <= limit })
    }

    /// Pure extrapolation `seed + m (seed - centre)`, m in [0.05, 0.25]: every row is further from the
    /// centre than the borderline threshold times 1.05 would put the weakest seed.
    func testExtrapolationMovesBorderlineRowsOutward() throws {
        let score = PolicyFixtures.distanceToMean(train)
        let trainScores = try PolicyFixtures.scores(train, score)
        var policy = IForestSynthesis()
        policy.extrapolationShare = 1
        policy.hardness = .low  // accepts up to the largest training score
        let out = try train.withView { try policy.generate(train: $0, score: score, count: 50, seed: 4) }
        let borderline = Quantile.of(trainScores, 0.8)
        // Rounds may halve m (0.1...0.5 at low, then 0.05...0.25, 0.025...0.125): at least 1.025x a seed.
        XCTAssertTrue(try PolicyFixtures.scores(out, score).allSatisfy { $0 >= borderline * 1.025 - 1e-12 })
    }

    /// Swap and marginal moves only recombine values: each value is one its feature takes in training.
    func testRecombiningMovesUseTrainingValuesPerFeature() throws {
        let score = PolicyFixtures.distanceToMean(train)
        var policy = IForestSynthesis()
        policy.extrapolationShare = 0
        policy.swapShare = 0.5
        let out = try train.withView { try policy.generate(train: $0, score: score, count: 50, seed: 6) }
        for j in 0..<4 {
            let values = Set((0..<train.rows).map { train[$0, j] })
            for i in 0..<out.rows { XCTAssertTrue(values.contains(out[i, j])) }
        }
        // ... and the rows themselves are new combinations.
        let rows = Set((0..<train.rows).map { train.row($0) })
        XCTAssertTrue((0..<out.rows).contains { !rows.contains(out.row($0)) })
    }

    func testHighHardnessScoresCloserToNormalThanLow() throws {
        let score = PolicyFixtures.distanceToMean(train)
        func meanScore(_ h: Hardness) throws -> Double {
            var policy = IForestSynthesis()
            policy.hardness = h
            policy.extrapolationShare = 1
            let out = try train.withView { try policy.generate(train: $0, score: score, count: 100, seed: 8) }
            return PolicyFixtures.mean(try PolicyFixtures.scores(out, score))
        }
        XCTAssertLessThan(try meanScore(.high), try meanScore(.low))
    }
}
