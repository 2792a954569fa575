import DashostEstimators
import XCTest

final class PCAPolicyTests: XCTestCase {
    static let cols = 5
    let train = PolicyFixtures.correlated(n: 400, cols: PCAPolicyTests.cols, noise: 0.05)

    /// Squared-free reconstruction error against the true 2-D subspace the data was drawn from.
    func residual(_ m: Matrix, _ i: Int, mean: [Double]) -> Double {
        let basis = PolicyFixtures.subspace(cols: Self.cols)
        var r = (0..<Self.cols).map { m[i, $0] - mean[$0] }
        for b in basis {
            let c = zip(r, b).reduce(0) { $0 + $1.0 * $1.1 }
            for j in 0..<Self.cols { r[j] -= c * b[j] }
        }
        return r.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    var reconstructionScore: PolicyScoreFunction {
        let mean = train.withView { FeatureProfile($0).mean }
        return { X in
            let m = Matrix(X)
            return (0..<m.rows).map { self.residual(m, $0, mean: mean) }
        }
    }

    func testShapeFinitenessAndSeeds() throws {
        let score = reconstructionScore
        try PolicyFixtures.checkBasics(count: 30, cols: Self.cols) { seed in
            try train.withView { try PCASynthesis().generate(train: $0, score: score, count: 30, seed: seed) }
        }
    }

    /// Hand-computed PCA: rows (a, a, b) with a, b in {-1, 1} standardise to themselves; the covariance
    /// [[1,1,0],[1,1,0],[0,0,1]] has eigenvalues 2, 1, 0 with leading component (1, 1, 0) / sqrt 2.
    func testPrincipalSubspaceOfAKnownCovariance() throws {
        let m = Matrix(rows: 4, cols: 3, values: [1, 1, 1, 1, 1, -1, -1, -1, 1, -1, -1, -1])
        let p = m.withView { FeatureProfile($0) }
        let one = try m.withView { try PCASynthesis.principalSubspace($0, profile: p, varianceKept: 0.6) }
        XCTAssertEqual(one.k, 1)
        XCTAssertEqual(one.variances[0], 2, accuracy: 1e-12)
        XCTAssertEqual(abs(one.basis[0]), 0.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(one.basis[0], one.basis[1], accuracy: 1e-12)
        XCTAssertEqual(one.basis[2], 0, accuracy: 1e-12)
        let two = try m.withView { try PCASynthesis.principalSubspace($0, profile: p, varianceKept: 0.9) }
        XCTAssertEqual(two.k, 2)  // the zero-variance direction is never kept
        XCTAssertEqual(two.variances[1], 1, accuracy: 1e-12)
        let all = try m.withView { try PCASynthesis.principalSubspace($0, profile: p, varianceKept: 1) }
        XCTAssertEqual(all.k, 2)
    }

    /// The blind spot: inside the principal subspace (small reconstruction error) but far from the
    /// centre along the major components.
    func testStaysInSubspaceButGoesFarFromTheData() throws {
        let score = reconstructionScore
        let out = try train.withView { try PCASynthesis().generate(train: $0, score: score, count: 80, seed: 2) }
        let mean = train.withView { FeatureProfile($0).mean }
        let trainResidual = (0..<train.rows).map { residual(train, $0, mean: mean) }
        let outResidual = (0..<out.rows).map { residual(out, $0, mean: mean) }
        let toCentre: (Matrix, Int) -> Double = { m, i in
            (0..<Self.cols).reduce(0) { $0 + (m[i, $1] - mean[$1]) * (m[i, $1] - mean[$1]) }.squareRoot()
        }
        let trainDistance = (0..<train.rows).map { toCentre(train, $0) }
        let outDistance = (0..<out.rows).map { toCentre(out, $0) }
        XCTAssertLessThan(PolicyFixtures.mean(outResidual), PolicyFixtures.mean(trainResidual))
        XCTAssertLessThan(outResidual.max()!, trainResidual.max()!)
        XCTAssertGreaterThan(PolicyFixtures.mean(outDistance), 1.5 * PolicyFixtures.mean(trainDistance))
    }

    func testHighHardnessScoresCloserToNormalThanLow() throws {
        // A detector that also sees the distance along the subspace (PyOD's weighted PCA does).
        let score = PolicyFixtures.distanceToMean(train)
        func meanScore(_ h: Hardness) throws -> Double {
            var policy = PCASynthesis()
            policy.hardness = h
            let out = try train.withView { try policy.generate(train: $0, score: score, count: 80, seed: 9) }
            return PolicyFixtures.mean(try PolicyFixtures.scores(out, score))
        }
        XCTAssertLessThan(try meanScore(.high), try meanScore(.low))
    }
    /// The radius-keeping rotation (`rotationShare`): every candidate keeps its seed's standardised
    /// distance from the centre (what PyOD's PCA score mostly measures) while leaving the seed's place.
    func testRotationKeepsTheStandardisedRadiusAndLeavesTheSeed() throws {
        var policy = PCASynthesis()
        policy.rotationShare = 1
        policy.borderlineQuantile = 0
        let profile = train.withView { FeatureProfile($0) }
        func radius(_ m: Matrix, _ i: Int) -> Double {
            (0..<Self.cols).reduce(0) { sum, j in
                let z = (m[i, j] - profile.mean[j]) / profile.std[j]
                return sum + z * z
            }.squareRoot()
        }
        let score: PolicyScoreFunction = { X in
            let m = Matrix(X)
            return (0..<m.rows).map { radius(m, $0) }
        }
        let out = try train.withView { try policy.generate(train: $0, score: score, count: 60, seed: 4) }
        let trainRadii = (0..<train.rows).map { radius(train, $0) }
        var moved = 0
        for i in 0..<out.rows {
            let r = radius(out, i)
            XCTAssert(trainRadii.contains { abs($0 - r) < 1e-9 }, "row \(i): radius \(r) is no training row's")
            let nearest = (0..<train.rows).map { t in
                (0..<Self.cols).reduce(0) { $0 + (out[i, $1] - train[t, $1]) * (out[i, $1] - train[t, $1]) }
            }.min()!
            if nearest > 1e-6 { moved += 1 }
        }
        XCTAssertGreaterThan(moved, 55)
    }
}
