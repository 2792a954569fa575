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
/// scoring each row alone. Each column keeps its distinct values with the counts below them, so a row costs `O(d log u)` for `u` distinct values per column.
public struct ECOD {
    /// How the per-column tail scores become one score.
    public enum Aggregation: String, CaseIterable {
        /// PyOD: per column the largest of the left, right and skewness-chosen tail scores, summed.
        case pyod
        /// The paper: the largest of the three sums (left tails, right tails, skewness-chosen tails).
        case maxOfSums = "max_of_sums"
    }

    /// The default `aggregation`: PyOD's.
    public static let defaultAggregation = Aggregation.pyod

    /// How tail scores are aggregated.
    public let aggregation: Aggregation

    /// Each column's distinct training values, ascending, column after column; column `j` is
    /// `distinctValues[columnStarts[j]..<columnStarts[j + 1]]`.
    ///
    /// Why distinct values: tabular columns are often discrete (one-hot, counts, pixel levels), with
    /// far fewer distinct values than rows, and the ECDF only changes at them. One binary search over
    /// a column's distinct values gives both `#{train < x}` and `#{train <= x}`, over a table that
    /// often fits in L1, where two searches over all `n` sorted values did not.
    public private(set) var distinctValues: [Double] = []
    /// Where each column's distinct values start in `distinctValues` (`featureCount + 1` offsets).
    public private(set) var columnStarts: [Int] = []
    /// `countBelow[columnStarts[j] + k + j]` = number of training values of column `j` strictly below
    /// its `k`-th distinct value; each column has one extra entry, `n` (so `k + 1` is always valid).
    public private(set) var countBelow: [UInt32] = []
    /// `log(k)` for `k` in `0...n + 1` (`log 0 = -inf` is never read): every tail probability is a
    /// count over `n` or `n + 1`, so scoring needs no `log` call.
    private var logTable: [Double] = []
    /// Sign (-1, 0, +1) of each column's training skewness; 0 also for a constant column.
    public private(set) var skewSigns: [Double] = []
    /// Number of training rows.
    public private(set) var rowCount = 0
    /// Number of columns seen at fit; 0 while unfitted.
    public private(set) var featureCount = 0

    /// Creates an unfitted detector.
    public init(aggregation: Aggregation = ECOD.defaultAggregation) {
        self.aggregation = aggregation
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { featureCount > 0 }

    /// Stores each column's distinct values with the counts below them, and the sign of each column's
    /// skewness.
    public mutating func fit(_ X: MatrixView) {
        let n = X.rows, d = X.cols
        precondition(n >= 1 && d >= 1, "ECOD.fit: empty input")
        precondition(n < Int(UInt32.max), "ECOD.fit: \(n) rows, at most \(UInt32.max - 1)")
        // Sort each column (in parallel), then compact it to distinct values and counts.
        var columns = [Double](repeating: 0, count: n * d)
        var distinctCounts = [Int](repeating: 0, count: d)
        var signs = [Double](repeating: 0, count: d)
        columns.withUnsafeMutableBufferPointer { cols in
            let cols = cols  // each column is written by exactly one worker
            signs.withUnsafeMutableBufferPointer { signs in
                let signs = signs
                distinctCounts.withUnsafeMutableBufferPointer { distinct in
                    let distinct = distinct
                    Parallel.forEach(d) { j in
                        var column = UnsafeMutableBufferPointer(rebasing: cols[(j * n)..<((j + 1) * n)])
                        for i in 0..<n { column[i] = X[i, j] }
                        signs[j] = ECOD.skewnessSign(column)
                        column.sort()
                        var u = 1
                        for i in 1..<n where column[i] != column[i - 1] { u += 1 }
                        distinct[j] = u
                    }
                }
            }
        }
        var starts = [Int](repeating: 0, count: d + 1)
        for j in 0..<d { starts[j + 1] = starts[j] + distinctCounts[j] }
        var values = [Double](repeating: 0, count: starts[d])
        var below = [UInt32](repeating: 0, count: starts[d] + d)
        for j in 0..<d {
            var k = starts[j]
            values[k] = columns[j * n]
            below[k + j] = 0
            for i in 1..<n where columns[j * n + i] != values[k] {
                k += 1
                values[k] = columns[j * n + i]
                below[k + j] = UInt32(i)
            }
            below[starts[j + 1] + j] = UInt32(n)
        }
        distinctValues = values
        columnStarts = starts
        countBelow = below
        logTable = (0...(n + 1)).map { log(Double($0)) }
        skewSigns = signs
        rowCount = n
        featureCount = d
    }

    /// Rows scored together, one column at a time: the block's slice of `X` (at most
    /// `blockRows * d` values) and one column's tables stay in cache while the block is walked.
    private static let blockRows = 256

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
        let aggregation = self.aggregation
        distinctValues.withUnsafeBufferPointer { values in
            countBelow.withUnsafeBufferPointer { below in
                columnStarts.withUnsafeBufferPointer { starts in
                    logTable.withUnsafeBufferPointer { logs in
                        skewSigns.withUnsafeBufferPointer { signs in
                            let logTotal = logs[n + extra]
                            Parallel.forChunks(of: X.rows, minimumPerChunk: 32) { range in
                                // Per-row sums of the max, left, right and skew tails of one block.
                                let sums = UnsafeMutablePointer<Double>.allocate(capacity: 4 * ECOD.blockRows)
                                defer { sums.deallocate() }
                                var blockStart = range.lowerBound
                                while blockStart < range.upperBound {
                                    let block = blockStart..<min(range.upperBound, blockStart + ECOD.blockRows)
                                    sums.initialize(repeating: 0, count: 4 * ECOD.blockRows)
                                    for j in 0..<d {
                                        let column = values.baseAddress! + starts[j]
                                        let count = starts[j + 1] - starts[j]
                                        let columnBelow = below.baseAddress! + starts[j] + j
                                        let sign = signs[j]
                                        for i in block {
                                            let x = X[i, j]
                                            let k = ECOD.countLess(column, count, than: x)
                                            let hit = k < count && column[k] == x
                                            let belowX = Int(columnBelow[k])             // #{train < x}
                                            let atOrBelow = Int(columnBelow[hit ? k + 1 : k])  // #{train <= x}
                                            // -log((count + 1) / (n + 1)), the row itself counted in its own ECDF.
                                            let left = logTotal - logs[atOrBelow + extra]
                                            let right = logTotal - logs[n - belowX + extra]
                                            let skew = sign < 0 ? left : (sign > 0 ? right : left + right)
                                            let r = 4 * (i - block.lowerBound)
                                            sums[r] += max(left, right, skew)
                                            sums[r + 1] += left
                                            sums[r + 2] += right
                                            sums[r + 3] += skew
                                        }
                                    }
                                    for i in block {
                                        let r = 4 * (i - block.lowerBound)
                                        switch aggregation {
                                        case .pyod: out[i] = sums[r]
                                        case .maxOfSums: out[i] = max(sums[r + 1], sums[r + 2], sums[r + 3])
                                        }
                                    }
                                    blockStart = block.upperBound
                                }
                            }
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

    /// Number of the `count` ascending values at `sorted` strictly below `x` (branch-free halving:
    /// the compare becomes a conditional move, so a search costs no mispredicted branches).
    @inline(__always)
    static func countLess(_ sorted: UnsafePointer<Double>, _ count: Int, than x: Double) -> Int {
        var base = 0, length = count
        while length > 1 {
            let half = length >> 1
            base = sorted[base + half - 1] < x ? base + half : base
            length -= half
        }
        return base + (length == 1 && sorted[base] < x ? 1 : 0)
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
