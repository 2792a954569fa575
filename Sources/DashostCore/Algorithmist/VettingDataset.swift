import Foundation

/// One of the small data sets `PolicyVetter` vets a candidate policy on. The host generates them from
/// fixed seeds (never a user's data: a generated policy is judged before it has seen anything real,
/// and the same candidate always meets the same rows, so reports of different candidates compare).
///
/// The three shapes are the ones a policy's "blind spot" reasoning must cope with (docs/llm.md):
/// - `correlated_gaussian`: 300 x 6, one Gaussian cloud whose features are correlated (each is an
///   equal mix of its own and its left neighbour's latent normal value), so a row can be atypical in
///   its combination of values while every single value is typical;
/// - `two_clusters`: 300 x 5, a dense cluster (240 rows, sd 0.5) and a sparse one (60 rows, sd 1.5,
///   4 units away in every feature), so one global yardstick (a k-distance, a radius) means different
///   things in different regions;
/// - `skewed_heavy_tailed`: 300 x 8, log-normal features (right-skewed) alternating with Gaussian
///   scale mixtures (heavy tails on both sides), so per-feature ranges are dominated by a few rows.
///
/// A few hundred rows keep a vetting run to seconds; 10 % of the rows (30) are asked of the policy.
public struct VettingDataset: Sendable {
    /// Short name, used in check messages.
    public let name: String
    /// The seed its rows are drawn from (fixed: see `all`).
    public let seed: UInt64
    /// The training rows.
    public let train: DataMatrix

    /// Synthetic rows asked of a policy on this data set: 10 % of the rows (the paper's N_syn, as the
    /// standard graph's `ratio`), at least 20 so that a median over them means something.
    public var count: Int { max(20, Int((0.1 * Double(train.rows)).rounded())) }

    /// Every vetting data set, in the order the checks run on them. Defined here and nowhere else.
    public static let all: [VettingDataset] = generate()

    /// The vetting data sets, drawn afresh from their seeds (the same rows as `all`, every time).
    public static func generate() -> [VettingDataset] { [correlatedGaussian(), twoClusters(), skewedHeavyTailed()] }

    static func correlatedGaussian() -> VettingDataset {
        let seed: UInt64 = 0x7E77_0001, rows = 300, cols = 6
        let z = SyntheticData.gaussian(rows: rows, cols: cols, seed: seed)
        var x = DataMatrix(rows: rows, cols: cols)
        for i in 0..<rows {
            for j in 0..<cols {
                // Neighbouring features share a latent value: correlation 0.5 between j and j + 1.
                x[i, j] = j == 0 ? z[i, 0] : (z[i, j] + z[i, j - 1]) / 2.0.squareRoot()
            }
        }
        return VettingDataset(name: "correlated_gaussian", seed: seed, train: x)
    }

    static func twoClusters() -> VettingDataset {
        let seed: UInt64 = 0x7E77_0002, rows = 300, cols = 5, dense = 240
        let z = SyntheticData.gaussian(rows: rows, cols: cols, seed: seed)
        var x = DataMatrix(rows: rows, cols: cols)
        for i in 0..<rows {
            for j in 0..<cols { x[i, j] = i < dense ? 0.5 * z[i, j] : 4 + 1.5 * z[i, j] }
        }
        return VettingDataset(name: "two_clusters", seed: seed, train: x)
    }

    static func skewedHeavyTailed() -> VettingDataset {
        let seed: UInt64 = 0x7E77_0003, rows = 300, cols = 8
        let z = SyntheticData.gaussian(rows: rows, cols: 2 * cols, seed: seed)
        var x = DataMatrix(rows: rows, cols: cols)
        for i in 0..<rows {
            for j in 0..<cols {
                let a = z[i, 2 * j], b = z[i, 2 * j + 1]
                // Even features log-normal; odd ones a normal with a log-normal scale (heavy tails).
                x[i, j] = j % 2 == 0 ? exp(0.75 * a) : a * exp(0.5 * b)
            }
        }
        return VettingDataset(name: "skewed_heavy_tailed", seed: seed, train: x)
    }
}
