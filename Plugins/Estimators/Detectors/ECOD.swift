import DashostPluginKit
import Foundation

/// ECOD, Empirical-Cumulative-distribution-based Outlier Detection (Li et al. 2022), as PyOD's `ECOD`.
///
/// For each column the left tail `F_l(x) = P(X <= x)` and the right tail `F_r(x) = P(X >= x)` are
/// read off the training rows' empirical distribution. A row's score is, summed over columns,
/// `max(-log F_l, -log F_r, U_skew)` where `U_skew` is `-log F_l` on a column with negative training
/// skewness, `-log F_r` on a positive one, and their sum on a column of skewness exactly zero. That is
/// PyOD's code (an element-wise maximum, then the sum); the paper's formula instead takes the maximum
/// of the three column sums, available as `Aggregation.maxOfSums`.
///
/// Per-row, not transductive: PyOD's `decision_function` fits the ECDFs on the training rows *and
/// the whole batch being scored*, so a row's score depends on its batch. Here the ECDF of a row `x` is
/// that of the training rows plus `x` itself: `F_l(x) = (#{train <= x} + 1) / (n + 1)` (likewise
/// `F_r`), which is PyOD's value for a batch of one row, never zero, and makes a batch score equal to
/// scoring each row alone. Each column is kept sorted, so a row costs `O(d log n)`.
public struct ECOD {
    /// How the per-column tail scores become one score.
    public enum Aggregation: String, CaseIterable {
        /// PyOD: per column the largest of the left, right and skewness-chosen tail scores, summed.
        case pyod
        /// The paper: the largest of the three sums (left tails, right tails, skewness-chosen tails).
        case maxOfSums = "max_of_sums"
    }

    /// How tail scores are aggregated (default `.pyod`).
    public let aggregation: Aggregation

    /// Training values, column after column, each column sorted ascending (`featureCount * rowCount`).
    public private(set) var sortedColumns: [Double] = []
    /// Sign (-1, 0, +1) of each column's training skewness; 0 also for a constant column.
    public private(set) var skewSigns: [Double] = []
    /// Number of training rows.
    public private(set) var rowCount = 0
    /// Number of columns seen at fit; 0 while unfitted.
    public private(set) var featureCount = 0

    /// Creates an unfitted detector.
    public init(aggregation: Aggregation = .pyod) {
        self.aggregation = aggregation
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { featureCount > 0 }

    /// Stores the sorted training columns and the sign of each column's skewness.
    public mutating func fit(_ X: MatrixView) {
        let n = X.rows, d = X.cols
        precondition(n >= 1 && d >= 1, "ECOD.fit: empty input")
        var columns = [Double](repeating: 0, count: n * d)
        var signs = [Double](repeating: 0, count: d)
        columns.withUnsafeMutableBufferPointer { cols in
            let cols = cols  // each column is written by exactly one worker
            signs.withUnsafeMutableBufferPointer { signs in
                let signs = signs
                Parallel.forEach(d) { j in
                    var column = UnsafeMutableBufferPointer(rebasing: cols[(j * n)..<((j + 1) * n)])
                    for i in 0..<n { column[i] = X[i, j] }
                    signs[j] = ECOD.skewnessSign(column)
                    column.sort()
                }
            }
        }
        sortedColumns = columns
        skewSigns = signs
        rowCount = n
        featureCount = d
    }

    /// Writes the anomaly score of each row of `X` into `out` (`out.count == X.rows`); rows are scored
    /// independently, in parallel.
    ///
    /// - Parameter rowsAreFitted: `true` when every row of `X` is already among the fitted rows (PyOD's
    ///   transductive mode fits on training + batch, then reads `F(x) = #{fitted <= x} / n`); `false`
    ///   (default) counts the scored row into its own ECDF: `(#{fitted <= x} + 1) / (n + 1)`.
    public func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>, rowsAreFitted: Bool = false) {
        precondition(isFitted, "ECOD.score before fit")
        precondition(X.cols == featureCount, "ECOD.score: \(X.cols) columns, fitted on \(featureCount)")
        precondition(out.count == X.rows, "ECOD.score: output length differs from row count")
        let n = rowCount, d = featureCount
        let extra = rowsAreFitted ? 0 : 1
        let logTotal = log(Double(n + extra))
        let aggregation = self.aggregation
        sortedColumns.withUnsafeBufferPointer { sorted in
            skewSigns.withUnsafeBufferPointer { signs in
                Parallel.forChunks(of: X.rows, minimumPerChunk: 32) { range in
                    for i in range {
                        var sumMax = 0.0, sumLeft = 0.0, sumRight = 0.0, sumSkew = 0.0
                        for j in 0..<d {
                            let column = UnsafeBufferPointer(rebasing: sorted[(j * n)..<((j + 1) * n)])
                            let x = X[i, j]
                            let below = ECOD.countLess(column, than: x)          // #{train < x}
                            let atOrBelow = ECOD.countLessOrEqual(column, to: x)  // #{train <= x}
                            // -log((count + 1) / (n + 1)), the row itself counted in its own ECDF.
                            let left = logTotal - log(Double(atOrBelow + extra))
                            let right = logTotal - log(Double(n - below + extra))
                            let skew: Double
                            switch signs[j] {
                            case ..<0: skew = left
                            case 0: skew = left + right
                            default: skew = right
                            }
                            sumMax += max(left, right, skew)
                            sumLeft += left
                            sumRight += right
                            sumSkew += skew
                        }
                        switch aggregation {
                        case .pyod: out[i] = sumMax
                        case .maxOfSums: out[i] = max(sumLeft, sumRight, sumSkew)
                        }
                    }
                }
            }
        }
    }

    /// The scores of every row of `X`.
    public func score(_ X: MatrixView) -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        out.withUnsafeMutableBufferPointer { score(X, into: $0) }
        return out
    }

    /// Number of values in ascending `sorted` strictly below `x`.
    @inline(__always)
    static func countLess(_ sorted: UnsafeBufferPointer<Double>, than x: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Number of values in ascending `sorted` at most `x`.
    @inline(__always)
    static func countLessOrEqual(_ sorted: UnsafeBufferPointer<Double>, to x: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Sign of the (biased) sample skewness `m3 / m2^1.5`, i.e. of the third central moment; 0 for a
    /// column scipy's `skew` deems constant (`m2 <= (1e-15 * mean)^2`; scipy returns NaN there,
    /// which would make PyOD's scores NaN).
    static func skewnessSign(_ column: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = Double(column.count)
        let mean = column.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0
        for v in column {
            let c = v - mean
            m2 += c * c
            m3 += c * c * c
        }
        m2 /= n
        m3 /= n
        if m2 <= (1e-15 * mean) * (1e-15 * mean) || m2 == 0 { return 0 }
        return m3 > 0 ? 1 : (m3 < 0 ? -1 : 0)
    }
}
