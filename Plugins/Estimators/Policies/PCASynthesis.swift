import COpenBLAS
import DashostPluginKit
import Foundation

/// Hard synthetic anomalies for PCA (reconstruction-error / weighted-projection detectors).
///
/// Policy. A PCA detector learns the principal subspace of the standardised training data and scores
/// a row by how far it lies from that subspace (PyOD weights each component's distance by the inverse
/// of its variance, so leaving the subspace through a minor direction is what costs). Its blind spot,
/// as the paper's LLM puts it (Appendix 6.5), is a row that stays *inside* the principal subspace
/// (small reconstruction error) but sits far out along the major components, in a region no training
/// row reaches.
///
/// Steps.
/// 1. Borderline seeds: score the training rows (one batched call) and keep those at or above the
///    `borderlineQuantile`.
/// 2. Fit a PCA of the standardised training rows here (covariance + LAPACK `dsyevd`) and keep the
///    fewest leading components explaining `varianceKept` of the variance (the principal subspace).
/// 3. For a random seed, split its standardised coordinates into the part in the subspace and the
///    residual. In whitened subspace coordinates (units of each component's standard deviation),
///    move it outward by a step uniform in `stepRange` (times `hardness.moveScale`) along its own
///    direction from the centre, slightly randomised by `directionJitter`; shrink the residual by
///    `residualScale`, so the reconstruction error is at most the seed's; map back to feature units.
///    Constant features stay at their value.
/// 4. Keep candidates the detector still scores at most the `hardness.acceptQuantile` of its training
///    scores (`CandidateSelection`: a few batched rounds with halved steps, then the lowest-scoring
///    rejected candidates fill any gap, so exactly `count` rows always come back).
///
/// Degenerate input: when every feature is constant there is no subspace to move in and the output
/// repeats the training row.
public struct PCASynthesis {
    /// How close to the normal data the anomalies are.
    public var hardness = Hardness.defaultLevel
    /// Training rows scoring at or above this quantile are the seeds.
    public var borderlineQuantile = PolicyMath.defaultBorderlineQuantile
    /// Share of the standardised variance the principal subspace explains.
    public var varianceKept = 0.9
    /// Outward step along the principal components, in component standard deviations (before the
    /// hardness scale).
    public var stepRange: ClosedRange<Double> = 1...3
    /// Random tilt of the outward direction (0 = exactly away from the centre).
    public var directionJitter = 0.25
    /// Factor on the seed's out-of-subspace residual (0 = exactly in the subspace).
    public var residualScale = 0.5
    /// Probability that a candidate is made by the radius-keeping rotation instead of the outward step.
    public var rotationShare = 0.0
    /// Largest rotation angle, in radians (before the hardness scale).
    public var maxRotation = Double.pi / 2
    /// Candidates made per requested row in each filtering round.
    public var oversample = CandidateSelection.defaultOversample
    /// Filtering rounds before the fallback.
    public var maxRounds = CandidateSelection.defaultMaxRounds

    /// A policy with the defaults above.
    public init() {}

    /// The principal subspace of standardised rows: `basis` holds `k` unit components, component `p`
    /// at `basis[p * cols ..< (p + 1) * cols]`, with variances `variances[p]` in decreasing order.
    public struct Subspace {
        /// Number of components kept.
        public let k: Int
        /// Components, one per row (row-major `k x cols`).
        public let basis: [Double]
        /// Variance of the standardised data along each component.
        public let variances: [Double]
    }

    /// PCA of the rows of `X` standardised with `profile` (ddof = 0, constant features set to 0).
    public static func principalSubspace(_ X: MatrixView, profile: FeatureProfile, varianceKept: Double) throws -> Subspace {
        let n = X.rows, d = X.cols
        var z = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            for j in 0..<d where profile.std[j] > 0 { z[i * d + j] = (X[i, j] - profile.mean[j]) / profile.std[j] }
        }
        var cov = [Double](repeating: 0, count: d * d)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(n), 1 / Double(n), z, Int32(d), 0, &cov, Int32(d))
        var eigenvalues = [Double](repeating: 0, count: d)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                  Int32(d), &cov, Int32(d), &eigenvalues)
        guard info == 0 else { throw PluginError.internalError("LAPACKE_dsyevd failed with info \(info)") }
        // dsyevd sorts ascending; walk from the largest.
        let largest = max(eigenvalues[d - 1], 0)
        let total = eigenvalues.reduce(0) { $0 + max($1, 0) }
        var basis: [Double] = [], variances: [Double] = []
        var explained = 0.0
        for p in stride(from: d - 1, through: 0, by: -1) {
            let lambda = eigenvalues[p]
            guard lambda > 1e-12 * largest, lambda > 0, explained < varianceKept * total else { break }
            for j in 0..<d { basis.append(cov[j * d + p]) }  // eigenvector p is column p
            variances.append(lambda)
            explained += lambda
        }
        return Subspace(k: variances.count, basis: basis, variances: variances)
    }

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, score: PolicyScoreFunction, count: Int, seed: UInt64) throws -> Matrix {
        let cols = train.cols
        let trainScores = try PolicyMath.score(train, with: score)
        let seeds = PolicyMath.borderline(scores: trainScores, quantile: borderlineQuantile)
        let profile = FeatureProfile(train)
        let space = try Self.principalSubspace(train, profile: profile, varianceKept: varianceKept)
        let k = space.k
        let sd = space.variances.map { $0.squareRoot() }
        let selection = CandidateSelection(threshold: Quantile.of(trainScores, hardness.acceptQuantile),
                                           oversample: oversample, maxRounds: maxRounds)
        let scale = hardness.moveScale
        return try selection.select(count: count, cols: cols, seed: seed, score: score) { m, shrink, rng in
            var out = Matrix(rows: m, cols: cols)
            // Raw pointers in this loop (it runs k x cols three times per candidate); the arithmetic
            // and its order are those of the plain array version.
            let z = UnsafeMutablePointer<Double>.allocate(capacity: cols)
            let w = UnsafeMutablePointer<Double>.allocate(capacity: max(k, 1))
            let u = UnsafeMutablePointer<Double>.allocate(capacity: max(k, 1))
            let g = UnsafeMutablePointer<Double>.allocate(capacity: cols)
            defer { z.deallocate(); w.deallocate(); u.deallocate(); g.deallocate() }
            space.basis.withUnsafeBufferPointer { basis in
            profile.mean.withUnsafeBufferPointer { mean in
            profile.std.withUnsafeBufferPointer { std in
            out.values.withUnsafeMutableBufferPointer { values in
                for i in 0..<m {
                    let s = train.row(seeds[rng.nextInt(below: seeds.count)])
                    for j in 0..<cols { z[j] = std[j] > 0 ? (s[j] - mean[j]) / std[j] : 0 }
                    if rotationShare > 0 && rng.nextUnit() < rotationShare {
                        Self.rotate(z, cols: cols, movable: std, scratch: g, angle: rng.uniform(0...maxRotation) * scale * shrink, rng: &rng)
                        for j in 0..<cols { values[i * cols + j] = mean[j] + std[j] * z[j] }
                        continue
                    }
                    // Whitened subspace coordinates w, and the residual left in z.
                    var norm = 0.0
                    for p in 0..<k {
                        let b = basis.baseAddress! + p * cols
                        var c = 0.0
                        for j in 0..<cols { c += b[j] * z[j] }
                        for j in 0..<cols { z[j] -= c * b[j] }
                        w[p] = c / sd[p]
                        norm += w[p] * w[p]
                    }
                    norm = norm.squareRoot()
                    var unorm = 0.0
                    for p in 0..<k {
                        u[p] = (norm > 0 ? w[p] / norm : 0) + directionJitter * rng.nextGaussian() / Double(k).squareRoot()
                        unorm += u[p] * u[p]
                    }
                    unorm = unorm.squareRoot()
                    let step = rng.uniform(stepRange) * scale * shrink
                    for j in 0..<cols { z[j] *= residualScale }
                    for p in 0..<k {
                        let b = basis.baseAddress! + p * cols
                        let moved = (w[p] + (unorm > 0 ? step * u[p] / unorm : 0)) * sd[p]
                        for j in 0..<cols { z[j] += moved * b[j] }
                    }
                    for j in 0..<cols { values[i * cols + j] = mean[j] + std[j] * z[j] }
                }
            }}}}
            return out
        }
    }

    /// Turns the standardised row `z` by `angle` towards a random direction orthogonal to it, keeping
    /// its length (the standardised distance from the centre); constant features (`movable[j] == 0`)
    /// stay 0. A row at the centre stays there.
    static func rotate(_ z: UnsafeMutablePointer<Double>, cols: Int, movable: UnsafeBufferPointer<Double>,
                       scratch g: UnsafeMutablePointer<Double>, angle: Double, rng: inout SeededGenerator) {
        var radius = 0.0
        for j in 0..<cols { radius += z[j] * z[j] }
        radius = radius.squareRoot()
        guard radius > 0 else { return }
        // A random unit vector orthogonal to z: Gram-Schmidt on a Gaussian draw `g` (caller's scratch).
        var along = 0.0
        for j in 0..<cols {
            g[j] = movable[j] > 0 ? rng.nextGaussian() : 0
            along += g[j] * z[j] / radius
        }
        var norm = 0.0
        for j in 0..<cols {
            g[j] -= along * z[j] / radius
            norm += g[j] * g[j]
        }
        norm = norm.squareRoot()
        guard norm > 0 else { return }
        let c = cos(angle), s = sin(angle)
        for j in 0..<cols { z[j] = c * z[j] + s * radius * g[j] / norm }
    }
}
