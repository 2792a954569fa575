import DashostPluginKit

/// Baseline "Smote" policy (paper Appendix 6.13.1): SMOTE-style extrapolation beyond training rows.
///
/// Policy. Not detector-aware: pick `count` training rows at random (with replacement); for each,
/// pick one of its `neighbors` nearest other training rows (`NeighborSearch`, one batched query) and
/// extrapolate away from it: `x + lambda * (x - neighbour)` with `lambda` uniform in `lambdaRange`
/// (the paper's range, `defaultLambdaRange`) times `hardness.moveScale`, which lands near or just outside the boundary
/// of the data. With a single training row there is no neighbour and the row is repeated.
public struct SMOTESynthesis {
    /// Scales `lambda` (`Hardness.moveScale`).
    public var hardness = Hardness.defaultLevel
    /// The default `lambdaRange`: the paper's.
    public static let defaultLambdaRange: ClosedRange<Double> = 0.5...1.5

    /// Nearest neighbours a partner is drawn from (SMOTE's k).
    public var neighbors = 5
    /// Range of the extrapolation factor (before the hardness scale).
    public var lambdaRange = SMOTESynthesis.defaultLambdaRange

    /// A policy with the defaults above.
    public init() {}

    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    public func generate(train: MatrixView, count: Int, seed: UInt64) -> Matrix {
        let cols = train.cols
        var rng = SeededGenerator(seed: seed)
        let bases = (0..<count).map { _ in rng.nextInt(below: train.rows) }
        let nn = TrainingNeighbors(NeighborSearch(training: train), rows: bases, k: neighbors)
        var out = Matrix(rows: count, cols: cols)
        for (i, b) in bases.enumerated() {
            let x = train.row(b)
            guard nn.k > 0 else {
                for j in 0..<cols { out[i, j] = x[j] }
                continue
            }
            let partner = train.row(nn.indices[i * nn.k + rng.nextInt(below: nn.k)])
            let lambda = rng.uniform(lambdaRange) * hardness.moveScale
            for j in 0..<cols { out[i, j] = x[j] + lambda * (x[j] - partner[j]) }
        }
        return out
    }
}
