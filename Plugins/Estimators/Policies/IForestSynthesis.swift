import DashostPluginKit

/// Hard synthetic anomalies for Isolation Forest (the paper's IForest policy, Section 3.2.2 and
/// Appendix 6.6, widened with the weaknesses the paper's LLM names in Appendix 6.5).
///
/// Policy. IForest isolates points with random axis-aligned splits: a point is anomalous when few
/// splits separate it (short path), normal when it sits where many training values pile up on every
/// axis. Its blind spot is points that are new *as a whole* but ordinary *per axis*, or that leave the
/// cloud only slightly along a direction the data already varies in: every split still sees them among
/// many training values, so paths stay long.
///
/// Steps.
/// 1. Borderline seeds: score the training rows (one batched call) and keep those at or above the
///    `borderlineQuantile` of the scores, the normal rows IForest already finds most suspicious.
/// 2. Transform each candidate's seed with one of three path-preserving moves, picked at random:
///    - controlled extrapolation (share `extrapolationShare`): `seed + m * (seed - centre)` with `m`
///      uniform in `extrapolationRange` (the paper's 5-25 %), pushing the point just beyond the fringe
///      along a direction of natural variation;
///    - swap (share `swapShare`): copy a random `featureFraction` of the features from another
///      borderline row, a novel combination of fringe values;
///    - marginal (the rest): replace a random `featureFraction` of the features with values of random
///      training rows, i.e. draws from each feature's own marginal.
///    Move sizes (`m`, the feature share) are multiplied by `hardness.moveScale`.
/// 3. Keep candidates IForest still scores at most the `hardness.acceptQuantile` of its training
///    scores (see `CandidateSelection`: a few batched rounds with halved moves, then the lowest-scoring
///    rejected candidates fill any gap, so exactly `count` rows always come back).
///
/// Degenerate input: a seed equal to the data centre is extrapolated along a random direction scaled
/// by the feature standard deviations; with all features constant the output repeats the single
/// distinct training row.
public struct IForestSynthesis {
    /// How close to the normal data the anomalies are.
    public var hardness = Hardness.defaultLevel
    /// Training rows scoring at or above this quantile are the seeds.
    public var borderlineQuantile = PolicyMath.defaultBorderlineQuantile
    /// Range of the extrapolation factor `m` (before the hardness scale).
    public var extrapolationRange: ClosedRange<Double> = 0.05...0.25
    /// Probability that a candidate is made by extrapolation.
    public var extrapolationShare = 0.5
    /// Probability that a candidate is made by swapping features between borderline rows.
    public var swapShare = 0.25
    /// Share of the features a swap or marginal move replaces (before the hardness scale).
    public var featureFraction = 0.3
    /// Candidates made per requested row in each filtering round.
    public var oversample = CandidateSelection.defaultOversample
    /// Filtering rounds before the fallback.
    public var maxRounds = CandidateSelection.defaultMaxRounds

    /// A policy with the defaults above.
    public init() {}

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, score: PolicyScoreFunction, count: Int, seed: UInt64) throws -> Matrix {
        let cols = train.cols
        let trainScores = try PolicyMath.score(train, with: score)
        let seeds = PolicyMath.borderline(scores: trainScores, quantile: borderlineQuantile)
        let profile = FeatureProfile(train)
        let selection = CandidateSelection(threshold: Quantile.of(trainScores, hardness.acceptQuantile),
                                           oversample: oversample, maxRounds: maxRounds)
        let scale = hardness.moveScale
        return try selection.select(count: count, cols: cols, seed: seed, score: score) { n, shrink, rng in
            var out = Matrix(rows: n, cols: cols)
            var features = Array(0..<cols)
            out.values.withUnsafeMutableBufferPointer { o in
                for i in 0..<n {
                    let s = train.row(seeds[rng.nextInt(below: seeds.count)])
                    let x = UnsafeMutableBufferPointer(rebasing: o[(i * cols)..<((i + 1) * cols)])
                    for j in 0..<cols { x[j] = s[j] }
                    let move = rng.nextUnit()
                    if move < extrapolationShare || cols == 1 {
                        let m = rng.uniform(extrapolationRange) * scale * shrink
                        var atCentre = true
                        for j in 0..<cols where s[j] != profile.mean[j] { atCentre = false; break }
                        for j in 0..<cols {
                            let direction = atCentre ? profile.std[j] * rng.nextGaussian() : s[j] - profile.mean[j]
                            x[j] = s[j] + m * direction
                        }
                    } else {
                        let k = featureCount(featureFraction * scale * shrink, of: cols)
                        rng.shufflePrefix(&features, k)
                        let donor = move < extrapolationShare + swapShare
                            ? seeds[rng.nextInt(below: seeds.count)] : -1
                        for f in features.prefix(k) {
                            let row = donor >= 0 ? donor : rng.nextInt(below: train.rows)
                            x[f] = train[row, f]
                        }
                    }
                }
            }
            return out
        }
    }
}
