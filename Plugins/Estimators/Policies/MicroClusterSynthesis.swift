import DashostPluginKit

/// Micro-clusters of synthetic anomalies in the sparse surroundings of borderline rows: the shared
/// algorithm of the neighbourhood-based policies (`LOFSynthesis`, `KNNSynthesis`, which explain why
/// it targets each detector). LOF's uses it as described; KNN's with `borderlineQuantile` = 0 (every
/// training row is a seed), `clusterSize` = 1 (single points) and longer steps.
///
/// Steps.
/// 1. Borderline seeds: score the training rows (one batched call) and keep those at or above the
///    `borderlineQuantile` (0: every row); find each seed's `neighbors` nearest other training rows (`NeighborSearch`,
///    one batched query) and its k-distance `r` (distance to the farthest of them), the local scale.
/// 2. For each cluster: take a random seed `s`; the outward direction points from the mean of its
///    neighbours to `s` (towards the sparse side), tilted at random by `directionJitter`; the cluster
///    centre is `s + t * r * direction` with `t` uniform in `stepRange` times `hardness.moveScale`.
/// 3. Members: `clusterSize` points around the centre, each offset by Gaussian noise of total radius
///    about `spread * r`, so a cluster is much tighter than the seed's neighbourhood.
/// 4. Keep clusters whose most anomalous member the detector still scores at most the
///    `hardness.acceptQuantile` of its training scores (`CandidateSelection` with whole clusters as
///    groups: a few batched rounds with halved steps, then the lowest-scoring rejected clusters fill
///    any gap). Output rows come cluster by cluster; the last cluster is cut to make `count` rows.
///
/// Constant features never move. A seed with zero k-distance (duplicates) uses the largest seed
/// k-distance instead; with a single training row the direction is random and the scale the mean
/// feature standard deviation (0 when everything is constant: the output repeats the row).
public struct MicroClusterSynthesis {
    /// How close to the normal data the anomalies are.
    public var hardness = Hardness.defaultLevel
    /// Training rows scoring at or above this quantile are the seeds.
    public var borderlineQuantile = PolicyMath.defaultBorderlineQuantile
    /// Neighbourhood size that defines a seed's local scale and outward direction (LOF's default).
    public var neighbors = LocalOutlierFactor.defaultNeighbors
    /// Points per micro-cluster.
    public var clusterSize = 5
    /// Distance of the cluster centre from its seed, in units of the seed's k-distance (before the
    /// hardness scale).
    public var stepRange: ClosedRange<Double> = 0.25...1.0
    /// Radius of a cluster, in units of the seed's k-distance.
    public var spread = 0.1
    /// Random tilt of the outward direction (0 = exactly away from the neighbours' mean).
    public var directionJitter = 0.25
    /// Candidate clusters made per requested cluster in each filtering round.
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
        let movable = profile.std.map { $0 > 0 }
        let movableCount = max(1, movable.filter { $0 }.count)

        // Each seed's outward unit direction (before jitter) and local scale r.
        let search = NeighborSearch(training: train)
        let nn = TrainingNeighbors(search, rows: seeds, k: neighbors)
        var outward = [Double](repeating: 0, count: seeds.count * cols)
        var radius = [Double](repeating: 0, count: seeds.count)
        for (r, s) in seeds.enumerated() where nn.k > 0 {
            radius[r] = nn.distances[(r + 1) * nn.k - 1]
            var norm = 0.0
            for j in 0..<cols {
                var centre = 0.0
                for q in 0..<nn.k { centre += train[nn.indices[r * nn.k + q], j] }
                let v = train[s, j] - centre / Double(nn.k)
                outward[r * cols + j] = v
                norm += v * v
            }
            norm = norm.squareRoot()
            for j in 0..<cols { outward[r * cols + j] = norm > 0 ? outward[r * cols + j] / norm : 0 }
        }
        let largest = radius.max() ?? 0
        let fallbackRadius = largest > 0 ? largest : profile.std.reduce(0, +) / Double(cols)
        for r in radius.indices where radius[r] <= 0 { radius[r] = fallbackRadius }

        let size = clusterSize
        let selection = CandidateSelection(groupSize: size,
                                           threshold: Quantile.of(trainScores, hardness.acceptQuantile),
                                           oversample: oversample, maxRounds: maxRounds)
        let scale = hardness.moveScale
        let noiseScale = 1 / Double(movableCount).squareRoot()
        return try selection.select(count: count, cols: cols, seed: seed, score: score) { groups, shrink, rng in
            var out = Matrix(rows: groups * size, cols: cols)
            var u = [Double](repeating: 0, count: cols)
            for g in 0..<groups {
                let r = rng.nextInt(below: seeds.count)
                let s = train.row(seeds[r])
                var norm = 0.0
                for j in 0..<cols {
                    u[j] = movable[j] ? outward[r * cols + j] + directionJitter * rng.nextGaussian() * noiseScale : 0
                    norm += u[j] * u[j]
                }
                norm = norm.squareRoot()
                let step = rng.uniform(stepRange) * scale * shrink * radius[r]
                let memberRadius = spread * radius[r] * noiseScale
                for member in 0..<size {
                    let row = g * size + member
                    for j in 0..<cols {
                        let centre = s[j] + (norm > 0 ? step * u[j] / norm : 0)
                        out[row, j] = movable[j] ? centre + memberRadius * rng.nextGaussian() : s[j]
                    }
                }
            }
            return out
        }
    }
}
