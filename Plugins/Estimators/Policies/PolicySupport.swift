import DashostPluginKit

/// The fitted detector's score function as the policies see it (the paper's `model.predict_score`):
/// scores every row of a batch, higher = more anomalous. Policies call it on whole batches, never row
/// by row. The plugin adapters wrap the SDK's `Scorer`; tests pass a closure.
public typealias PolicyScoreFunction = (MatrixView) throws -> [Double]

/// Per-feature statistics of the training rows that the policies move points with.
public struct FeatureProfile {
    /// Column means (the "data centre").
    public let mean: [Double]
    /// Column standard deviations (population, ddof = 0); 0 for constant columns.
    public let std: [Double]
    /// Column minima.
    public let minimum: [Double]
    /// Column maxima.
    public let maximum: [Double]

    /// Computes the statistics of every column of `X`.
    public init(_ X: MatrixView) {
        let n = X.rows, d = X.cols
        var mean = [Double](repeating: 0, count: d)
        var lo = [Double](repeating: .infinity, count: d)
        var hi = [Double](repeating: -.infinity, count: d)
        for i in 0..<n {
            let row = X.row(i)
            for j in 0..<d {
                let v = row[j]
                mean[j] += v
                if v < lo[j] { lo[j] = v }
                if v > hi[j] { hi[j] = v }
            }
        }
        for j in 0..<d { mean[j] /= Double(n) }
        var variance = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let row = X.row(i)
            for j in 0..<d {
                let e = row[j] - mean[j]
                variance[j] += e * e
            }
        }
        self.mean = mean
        self.std = variance.map { ($0 / Double(n)).squareRoot() }
        self.minimum = lo
        self.maximum = hi
    }
}

/// Small numerical helpers shared by the synthesis policies.
public enum PolicyMath {
    /// The default `borderlineQuantile` of the detector-aware policies: training rows scoring at or
    /// above this quantile of the training scores seed the anomalies (KNN's policy uses 0).
    public static let defaultBorderlineQuantile = 0.8

    /// Indices of the "borderline" rows: those whose score is at least the `q`-quantile of `scores`
    /// (the normal rows the detector already finds most suspicious). Never empty: the maximum score
    /// is always at least its own quantile.
    public static func borderline(scores: [Double], quantile q: Double) -> [Int] {
        let threshold = Quantile.of(scores, q)
        return scores.indices.filter { scores[$0] >= threshold }
    }

    /// Scores all rows of `m` with `score` and checks the callback answered one value per row.
    /// Non-finite scores are mapped to +infinity, so they count as "clearly anomalous" in filters.
    public static func score(_ m: Matrix, with score: PolicyScoreFunction) throws -> [Double] {
        guard m.rows > 0 else { return [] }
        return try m.withView { try self.score($0, with: score) }
    }

    /// The same for borrowed rows (the first step of every detector-aware policy scores the training rows).
    public static func score(_ view: MatrixView, with score: PolicyScoreFunction) throws -> [Double] {
        guard view.rows > 0 else { return [] }
        let scores = try score(view)
        guard scores.count == view.rows else {
            throw PluginError.callback("score function returned \(scores.count) scores for \(view.rows) rows")
        }
        return scores.map { $0.isFinite ? $0 : .infinity }
    }
}

extension SeededGenerator {
    /// Puts `k` distinct indices drawn uniformly from `0..<indices.count` into `indices[0..<k]`
    /// (a partial Fisher-Yates shuffle of the caller's scratch array, no allocation).
    mutating func shufflePrefix(_ indices: inout [Int], _ k: Int) {
        let n = indices.count
        for i in 0..<min(k, n) {
            let j = i + nextInt(below: n - i)
            indices.swapAt(i, j)
        }
    }

    /// A uniform double in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }
}

/// Number of features a recombining move changes: `fraction` of `cols`, at least 1, at most `cols`.
func featureCount(_ fraction: Double, of cols: Int) -> Int {
    min(cols, max(1, Int((fraction * Double(cols)).rounded())))
}
