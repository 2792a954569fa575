import CDashostPlugin
import Foundation

/// The numeric helpers of the host table (`quantile`, `column_stats`, `nearest_rows`): the few
/// computations policies kept re-writing, done once here.
enum NumericHelpers {
    /// The q-quantile of `values` with linear interpolation between order statistics (NumPy's default).
    static func quantile(_ values: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        quantile(sorted: values.sorted(), q)
    }

    /// The q-quantile of values already sorted ascending, interpolated as `quantile` does (for callers
    /// that ask many quantiles of one sample and sort it once).
    static func quantile(sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty, q.isFinite else { return .nan }
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Per-column minimum, maximum, mean and population standard deviation (two-pass, stable).
    static func columnStats(_ X: dashost_matrix, min minOut: UnsafeMutablePointer<Double>?, max maxOut: UnsafeMutablePointer<Double>?,
                            mean meanOut: UnsafeMutablePointer<Double>?, std stdOut: UnsafeMutablePointer<Double>?) -> dashost_status {
        guard let data = X.data, X.rows > 0, X.cols > 0 else { return DASHOST_ERR_INVALID_ARGUMENT }
        let rows = Int(X.rows), cols = Int(X.cols)
        var lo = [Double](repeating: .infinity, count: cols), hi = [Double](repeating: -.infinity, count: cols)
        var sum = [Double](repeating: 0, count: cols)
        for i in 0..<rows {
            let row = data + i * cols
            for j in 0..<cols {
                let v = row[j]
                if v < lo[j] { lo[j] = v }
                if v > hi[j] { hi[j] = v }
                sum[j] += v
            }
        }
        let mean = sum.map { $0 / Double(rows) }
        var squares = [Double](repeating: 0, count: cols)
        for i in 0..<rows {
            let row = data + i * cols
            for j in 0..<cols { let d = row[j] - mean[j]; squares[j] += d * d }
        }
        for j in 0..<cols {
            minOut?[j] = lo[j]
            maxOut?[j] = hi[j]
            meanOut?[j] = mean[j]
            stdOut?[j] = (squares[j] / Double(rows)).squareRoot()
        }
        return DASHOST_OK
    }

    /// The `k` rows nearest to `point` (Euclidean), nearest first, ties by row index.
    static func nearestRows(_ X: dashost_matrix, _ point: UnsafePointer<Double>?, _ k: UInt64,
                            index: UnsafeMutablePointer<UInt64>?, distance: UnsafeMutablePointer<Double>?) -> dashost_status {
        guard let data = X.data, let point, X.cols > 0, k >= 1, k <= X.rows else { return DASHOST_ERR_INVALID_ARGUMENT }
        let rows = Int(X.rows), cols = Int(X.cols), k = Int(k)
        var squared = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            let row = data + i * cols
            var s = 0.0
            for j in 0..<cols { let d = row[j] - point[j]; s += d * d }
            squared[i] = s
        }
        let order = (0..<rows).sorted { squared[$0] != squared[$1] ? squared[$0] < squared[$1] : $0 < $1 }
        for r in 0..<k {
            index?[r] = UInt64(order[r])
            distance?[r] = squared[order[r]].squareRoot()
        }
        return DASHOST_OK
    }
}
