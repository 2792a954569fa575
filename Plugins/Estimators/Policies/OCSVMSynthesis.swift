import DashostPluginKit

/// Hard synthetic anomalies for One-Class SVM.
///
/// Policy. OCSVM encloses the normal data with a kernel boundary defined by its support vectors, and
/// scores a row by its signed distance to that boundary. Its blind spot (paper Appendix 6.5) is the
/// thin zone just outside the boundary: the borderline normal rows inside it and anomalies just
/// across it get nearly equal scores, so the detector cannot separate them. This policy fills exactly
/// that zone: it pushes borderline rows outward until their score just crosses the boundary.
///
/// Steps.
/// 1. Borderline seeds: score the training rows (one batched call); the boundary is the
///    `boundaryQuantile` of those scores, and the seeds are the rows scoring at or above the
///    `borderlineQuantile` but still below the boundary (all rows at or above the borderline quantile
///    if that band is empty).
/// 2. Direction: away from the data centre, in standardised units (the seed's z-scores, tilted at
///    random by `directionJitter`), mapped back to feature units; constant features never move.
/// 3. Step length, for all candidates at once: double the step from `initialStep` (in standard
///    deviations) until the score reaches the boundary (at most `maxDoublings` batched calls; a walk that
///    never crosses keeps its longest step), then bisect the last bracket `bisectionSteps` times (one
///    batched call each), keeping the crossing side.
/// 4. Overshoot: the final step is the crossing step times `1 + margin * hardness.moveScale`, so "high"
///    lands right on the far side of the boundary and "low" further out.
///
/// Cost: at most `1 + maxDoublings + bisectionSteps` score calls on `count` rows. Every output is
/// finite and, for a score that grows along the walk, scores at or just above the boundary.
public struct OCSVMSynthesis {
    /// How far beyond the boundary the anomalies land.
    public var hardness = Hardness.defaultLevel
    /// Training rows scoring at or above this quantile (and below the boundary) are the seeds.
    public var borderlineQuantile = PolicyMath.defaultBorderlineQuantile
    /// Quantile of the training scores taken as the detector's boundary.
    public var boundaryQuantile = 0.95
    /// Overshoot past the crossing step, as a fraction of it (before the hardness scale).
    public var margin = 0.25
    /// Random tilt of the outward direction (0 = exactly away from the centre).
    public var directionJitter = 0.1
    /// First step tried, in standard deviations along the (unit, standardised) direction.
    public var initialStep = 0.25
    /// Most doublings of the step while looking for the crossing.
    public var maxDoublings = 10
    /// Bisection iterations on the crossing step.
    public var bisectionSteps = 10

    /// A policy with the defaults above.
    public init() {}

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, score: PolicyScoreFunction, count: Int, seed: UInt64) throws -> Matrix {
        let cols = train.cols
        let trainScores = try PolicyMath.score(train, with: score)
        let boundary = Quantile.of(trainScores, boundaryQuantile)
        let borderline = PolicyMath.borderline(scores: trainScores, quantile: borderlineQuantile)
        let inside = borderline.filter { trainScores[$0] < boundary }
        let seeds = inside.isEmpty ? borderline : inside
        let profile = FeatureProfile(train)

        // Seeds and unit outward directions (in feature units: z-direction times std).
        var rng = SeededGenerator(seed: seed)
        var origin = Matrix(rows: count, cols: cols)
        var direction = Matrix(rows: count, cols: cols)
        var z = [Double](repeating: 0, count: cols)
        for i in 0..<count {
            let s = train.row(seeds[rng.nextInt(below: seeds.count)])
            var norm = 0.0
            for j in 0..<cols {
                z[j] = profile.std[j] > 0 ? (s[j] - profile.mean[j]) / profile.std[j] : 0
                norm += z[j] * z[j]
            }
            norm = norm.squareRoot()
            var tilted = 0.0
            for j in 0..<cols {
                let noise = profile.std[j] > 0 ? directionJitter * rng.nextGaussian() / Double(cols).squareRoot() : 0
                z[j] = (norm > 0 ? z[j] / norm : 0) + noise
                tilted += z[j] * z[j]
            }
            tilted = tilted.squareRoot()
            for j in 0..<cols {
                origin[i, j] = s[j]
                direction[i, j] = tilted > 0 ? z[j] / tilted * profile.std[j] : 0
            }
        }

        // Scores origin + t * direction for the listed rows (one batched call).
        func crosses(_ rows: [Int], _ steps: [Double]) throws -> [Bool] {
            var batch = Matrix(rows: rows.count, cols: cols)
            for (r, i) in rows.enumerated() {
                for j in 0..<cols { batch[r, j] = origin[i, j] + steps[i] * direction[i, j] }
            }
            return try PolicyMath.score(batch, with: score).map { $0 >= boundary }
        }

        // Bracket the crossing by doubling, then bisect.
        var lo = [Double](repeating: 0, count: count)
        var hi = [Double](repeating: initialStep, count: count)
        var open = Array(0..<count)
        for _ in 0..<max(1, maxDoublings) where !open.isEmpty {
            let crossed = try crosses(open, hi)
            var still: [Int] = []
            for (r, i) in open.enumerated() where !crossed[r] {
                lo[i] = hi[i]
                hi[i] *= 2
                still.append(i)
            }
            open = still
        }
        var neverCrossed = [Bool](repeating: false, count: count)
        for i in open {
            hi[i] = lo[i]  // never crossed: keep the longest step tried
            neverCrossed[i] = true
        }
        let bracketed = (0..<count).filter { !neverCrossed[$0] }
        if !bracketed.isEmpty {
            for _ in 0..<bisectionSteps {
                var mid = hi
                for i in bracketed { mid[i] = 0.5 * (lo[i] + hi[i]) }
                let crossed = try crosses(bracketed, mid)
                for (r, i) in bracketed.enumerated() {
                    if crossed[r] { hi[i] = mid[i] } else { lo[i] = mid[i] }
                }
            }
        }

        let overshoot = 1 + margin * hardness.moveScale
        var out = Matrix(rows: count, cols: cols)
        for i in 0..<count {
            for j in 0..<cols { out[i, j] = origin[i, j] + hi[i] * overshoot * direction[i, j] }
        }
        return out
    }
}
