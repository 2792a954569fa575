import DashostPluginKit

/// Hard synthetic anomalies for ECOD (empirical-CDF outlier detection).
///
/// Policy. ECOD scores a row by how far into the tails of each feature's own empirical distribution
/// its values lie, one feature at a time, and sums those tail probabilities. It never looks at how
/// features move together, so its blind spot is a row whose values are each common for their feature
/// but whose *combination* never occurs: the dependency anomalies of ADBench (paper Appendices 6.5 and
/// 6.15, where IForest, OCSVM and ECOD-style detectors miss them).
///
/// Steps.
/// 1. Borderline seeds: score the training rows (one batched call) and keep those at or above the
///    `borderlineQuantile`, the normal rows ECOD already finds least typical.
/// 2. Break the correlation structure: in a copy of a random seed, replace a random `featureFraction`
///    (times `hardness.moveScale`; all features at "low") of the features, each with an independent
///    draw from that feature's central range, i.e. a training value between its `(1 - centralRange) / 2`
///    and `(1 + centralRange) / 2` quantiles. Every value is therefore a real training value of its
///    feature (inside the feature's training range, never in its tails), while the row as a whole is a
///    combination the data does not contain.
/// 3. Keep candidates ECOD still scores at most the `hardness.acceptQuantile` of its training scores
///    (`CandidateSelection`: a few batched rounds, later rounds change half as many features, then the
///    lowest-scoring rejected candidates fill any gap, so exactly `count` rows always come back).
public struct ECODSynthesis {
    /// How close to the normal data the anomalies are.
    public var hardness = Hardness.defaultLevel
    /// Training rows scoring at or above this quantile are the seeds.
    public var borderlineQuantile = PolicyMath.defaultBorderlineQuantile
    /// Share of the features redrawn from their marginals (before the hardness scale).
    public var featureFraction = 0.5
    /// Central share of each feature's training values that redrawn values come from.
    public var centralRange = 0.9
    /// Candidates made per requested row in each filtering round.
    public var oversample = CandidateSelection.defaultOversample
    /// Filtering rounds before the fallback.
    public var maxRounds = CandidateSelection.defaultMaxRounds

    /// A policy with the defaults above.
    public init() {}

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, score: PolicyScoreFunction, count: Int, seed: UInt64) throws -> Matrix {
        let n = train.rows, cols = train.cols
        let trainScores = try PolicyMath.score(train, with: score)
        let seeds = PolicyMath.borderline(scores: trainScores, quantile: borderlineQuantile)
        // Each feature's sorted training values and the index window of its central range.
        var sortedColumns = [Double](repeating: 0, count: n * cols)  // column-major: feature j at j * n
        sortedColumns.withUnsafeMutableBufferPointer { all in
            let all = all  // each column is written by exactly one worker
            Parallel.forEach(cols) { j in
                var column = UnsafeMutableBufferPointer(rebasing: all[(j * n)..<((j + 1) * n)])
                for i in 0..<n { column[i] = train[i, j] }
                column.sort()
            }
        }
        let tail = (1 - centralRange) / 2
        let lo = min(n - 1, Int((tail * Double(n - 1)).rounded(.up)))
        let hi = max(lo, Int(((1 - tail) * Double(n - 1)).rounded(.down)))
        let selection = CandidateSelection(threshold: Quantile.of(trainScores, hardness.acceptQuantile),
                                           oversample: oversample, maxRounds: maxRounds)
        let fraction = hardness == .low ? 1 : featureFraction * hardness.moveScale
        return try selection.select(count: count, cols: cols, seed: seed, score: score) { m, shrink, rng in
            var out = Matrix(rows: m, cols: cols)
            var features = Array(0..<cols)
            let k = featureCount(fraction * shrink, of: cols)
            for i in 0..<m {
                let s = train.row(seeds[rng.nextInt(below: seeds.count)])
                for j in 0..<cols { out.values[i * cols + j] = s[j] }
                rng.shufflePrefix(&features, k)
                for f in features.prefix(k) {
                    out.values[i * cols + f] = sortedColumns[f * n + lo + rng.nextInt(below: hi - lo + 1)]
                }
            }
            return out
        }
    }
}
