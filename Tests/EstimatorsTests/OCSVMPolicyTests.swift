import DashostEstimators
import XCTest

final class OCSVMPolicyTests: XCTestCase {
    let train = PolicyFixtures.gaussian(n: 300, cols: 3)

    func testShapeFinitenessAndSeeds() throws {
        let score = PolicyFixtures.distanceToMean(train)
        try PolicyFixtures.checkBasics(count: 25, cols: 3) { seed in
            try train.withView { try OCSVMSynthesis().generate(train: $0, score: score, count: 25, seed: seed) }
        }
    }

    /// Every row lands just across the boundary (the 0.95 quantile of training scores): at or above
    /// it, and at "high" hardness within the 12.5 % step overshoot of it.
    func testScoresJustAboveTheBoundary() throws {
        let score = PolicyFixtures.distanceToMean(train)
        let boundary = Quantile.of(try PolicyFixtures.scores(train, score), 0.95)
        var policy = OCSVMSynthesis()
        policy.hardness = .high
        let counting = PolicyFixtures.Counting(score)
        let out = try train.withView { try policy.generate(train: $0, score: counting.function, count: 60, seed: 1) }
        let s = try PolicyFixtures.scores(out, score)
        XCTAssertTrue(s.allSatisfy { $0 >= boundary }, "min \(s.min()!) vs boundary \(boundary)")
        XCTAssertTrue(s.allSatisfy { $0 <= boundary * 1.15 }, "max \(s.max()!) vs boundary \(boundary)")
        // 1 training call + at most 10 doublings + 10 bisection steps, all batched.
        XCTAssertLessThanOrEqual(counting.calls, 21)
    }

    func testHighHardnessScoresCloserToNormalThanLow() throws {
        let score = PolicyFixtures.distanceToMean(train)
        func meanScore(_ h: Hardness) throws -> Double {
            var policy = OCSVMSynthesis()
            policy.hardness = h
            let out = try train.withView { try policy.generate(train: $0, score: score, count: 60, seed: 2) }
            return PolicyFixtures.mean(try PolicyFixtures.scores(out, score))
        }
        XCTAssertLessThan(try meanScore(.high), try meanScore(.low))
    }

    /// A constant feature never moves; a detector whose score never reaches the boundary still gets
    /// finite rows after the bounded walk.
    func testConstantFeatureAndNeverCrossing() throws {
        var m = train
        for i in 0..<m.rows { m[i, 2] = 7 }
        let flat: PolicyScoreFunction = { X in (0..<X.rows).map { i in i < 300 && X.rows == 300 ? Double(i) : 0 } }
        let out = try m.withView { try OCSVMSynthesis().generate(train: $0, score: flat, count: 10, seed: 3) }
        XCTAssertTrue(out.values.allSatisfy(\.isFinite))
        for i in 0..<out.rows { XCTAssertEqual(out[i, 2], 7) }
    }
}
