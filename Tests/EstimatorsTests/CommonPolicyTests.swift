import DashostEstimators
import DashostPluginKit
import XCTest

/// Data sets, scorers and checks shared by the policy tests.
enum PolicyFixtures {
    /// `n` rows of `cols` features: a 2-D Gaussian latent mapped linearly into `cols` dimensions plus
    /// `noise` standard deviation of isotropic noise (strongly correlated features).
    static func correlated(n: Int, cols: Int = 5, noise: Double = 0.05, seed: UInt64 = 1) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        let basis = subspace(cols: cols)
        var m = Matrix(rows: n, cols: cols)
        for i in 0..<n {
            let a = rng.nextGaussian() * 2, b = rng.nextGaussian()
            for j in 0..<cols { m[i, j] = a * basis[0][j] + b * basis[1][j] + noise * rng.nextGaussian() }
        }
        return m
    }

    /// The orthonormal 2-D subspace `correlated` draws from.
    static func subspace(cols: Int) -> [[Double]] {
        let u = (0..<cols).map { _ in 1 / Double(cols).squareRoot() }
        var v = (0..<cols).map { Double($0) - Double(cols - 1) / 2 }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        v = v.map { $0 / norm }  // orthogonal to u: entries sum to 0
        return [u, v]
    }

    /// Isotropic standard Gaussian rows.
    static func gaussian(n: Int, cols: Int, seed: UInt64 = 2) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: n, cols: cols, values: (0..<(n * cols)).map { _ in rng.nextGaussian() })
    }

    /// Euclidean distance to the training mean, as a batch score function.
    static func distanceToMean(_ train: Matrix) -> PolicyScoreFunction {
        let mean = train.withView { FeatureProfile($0).mean }
        return { X in
            (0..<X.rows).map { i in
                zip(X.row(i), mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            }
        }
    }

    /// Distance to the k-th nearest training row (KNN, "largest"), as a batch score function.
    static func knnDistance(_ train: Matrix, k: Int = 5) -> PolicyScoreFunction {
        let search = NeighborSearch(training: train)
        return { X in
            let nn = search.query(X, k: k)
            return (0..<X.rows).map { nn.distance($0, k - 1) }
        }
    }

    /// Wraps a score function and counts its calls and the rows it scored.
    final class Counting {
        private(set) var calls = 0
        private(set) var rows = 0
        let inner: PolicyScoreFunction
        init(_ inner: @escaping PolicyScoreFunction) { self.inner = inner }
        var function: PolicyScoreFunction {
            { [unowned self] X in
                self.calls += 1
                self.rows += X.rows
                return try self.inner(X)
            }
        }
    }

    static func scores(_ m: Matrix, _ f: PolicyScoreFunction) throws -> [Double] { try m.withView { try f($0) } }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

    static func distance(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// Shape, finiteness, reproducibility from the seed, and different seeds giving different rows.
    static func checkBasics(count: Int, cols: Int, file: StaticString = #filePath, line: UInt = #line,
                            _ generate: (UInt64) throws -> Matrix) throws {
        let a = try generate(11), again = try generate(11), b = try generate(12)
        XCTAssertEqual(a.rows, count, "rows", file: file, line: line)
        XCTAssertEqual(a.cols, cols, "cols", file: file, line: line)
        XCTAssertTrue(a.values.allSatisfy(\.isFinite), "finite", file: file, line: line)
        XCTAssertEqual(a.values, again.values, "same seed, same rows", file: file, line: line)
        XCTAssertNotEqual(a.values, b.values, "different seeds, different rows", file: file, line: line)
    }
}

/// Tests of the pieces every policy shares.
final class CommonPolicyTests: XCTestCase {
    func testQuantileMatchesNumpyLinearInterpolation() {
        // numpy.percentile([3, 1, 4, 1, 5], [0, 25, 50, 80, 100]) = [1, 1, 3, 4.2, 5]
        let v: [Double] = [3, 1, 4, 1, 5]
        XCTAssertEqual(Quantile.of(v, 0), 1)
        XCTAssertEqual(Quantile.of(v, 0.25), 1)
        XCTAssertEqual(Quantile.of(v, 0.5), 3)
        XCTAssertEqual(Quantile.of(v, 0.8), 4.2, accuracy: 1e-12)
        XCTAssertEqual(Quantile.of(v, 1), 5)
        XCTAssertEqual(Quantile.of([.infinity, .infinity], 0.5), .infinity)
    }

    func testBorderlineIsTheTopQuantileAndNeverEmpty() {
        let scores = (0..<10).map(Double.init)
        XCTAssertEqual(PolicyMath.borderline(scores: scores, quantile: 0.8), [8, 9])  // threshold 7.2
        XCTAssertEqual(PolicyMath.borderline(scores: [2, 2, 2], quantile: 0.99), [0, 1, 2])
        XCTAssertEqual(PolicyMath.borderline(scores: scores, quantile: 1), [9])
    }

    func testFeatureProfileUsesPopulationStd() {
        let m = Matrix(rows: 4, cols: 2, values: [1, 5, 2, 5, 3, 5, 4, 5])
        let p = m.withView { FeatureProfile($0) }
        XCTAssertEqual(p.mean, [2.5, 5])
        XCTAssertEqual(p.std[0], 1.25.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(p.std[1], 0)
        XCTAssertEqual(p.minimum, [1, 5])
        XCTAssertEqual(p.maximum, [4, 5])
    }

    func testHardnessTable() {
        XCTAssertEqual(Hardness.names, ["low", "medium", "high"])
        XCTAssertEqual(Hardness.high.moveScale, 0.5)
        XCTAssertEqual(Hardness.low.moveScale, 2)
        XCTAssertLessThan(Hardness.high.acceptQuantile, Hardness.medium.acceptQuantile)
        XCTAssertEqual(Hardness.low.acceptQuantile, 1)
    }

    /// A detector that finds every off-data point more anomalous than any training row (distance to
    /// the nearest training row: 0 on the training set) rejects every candidate; the fallback must
    /// still return `count` finite rows after exactly 1 + max_rounds batched score calls.
    func testFallbackTerminatesWithBoundedScoreCalls() throws {
        let train = PolicyFixtures.gaussian(n: 200, cols: 3)
        let counting = PolicyFixtures.Counting(PolicyFixtures.knnDistance(train, k: 1))
        var policy = IForestSynthesis()
        policy.maxRounds = 3
        let out = try train.withView { try policy.generate(train: $0, score: counting.function, count: 50, seed: 5) }
        XCTAssertEqual(out.rows, 50)
        XCTAssertTrue(out.values.allSatisfy(\.isFinite))
        XCTAssertEqual(counting.calls, 4)
        // Each round scores oversample x missing rows: 4 * 50 per round, plus the training rows.
        XCTAssertEqual(counting.rows, 200 + 3 * 200)
    }

    func testScoreFunctionAnsweringTheWrongCountIsAnError() {
        let train = PolicyFixtures.gaussian(n: 50, cols: 2)
        let bad: PolicyScoreFunction = { X in [Double](repeating: 0, count: max(0, X.rows - 1)) }
        XCTAssertThrowsError(try train.withView { try ECODSynthesis().generate(train: $0, score: bad, count: 5, seed: 1) })
    }
}
