/// Quantiles by selection rather than sorting.
///
/// Why: quantiles of training scores are taken on every run (the policies' borderline seeds and
/// thresholds, `robust_sum`'s upper scale) over tens of thousands of rows; sorting costs O(n log n),
/// while one order statistic and its successor need O(n) expected work (as `numpy.quantile`, which
/// partitions instead of sorting).
public enum Quantile {
    /// The `q`-quantile of `values` (q clamped to [0, 1]) with linear interpolation between order
    /// statistics, as `numpy.quantile`'s default: position `q * (n - 1)` in the sorted values. Equal
    /// neighbours return that value without interpolating, so ties at +infinity give +infinity rather
    /// than NaN. `values` must be non-empty and free of NaN.
    public static func of<C: Collection>(_ values: C, _ q: Double) -> Double where C.Element == Double {
        precondition(!values.isEmpty, "quantile of an empty collection")
        var work = Array(values)
        let position = min(max(q, 0), 1) * Double(work.count - 1)
        let lower = Int(position.rounded(.down))
        let fraction = position - Double(lower)
        return work.withUnsafeMutableBufferPointer { buffer -> Double in
            let low = select(buffer, lower)
            guard fraction > 0, lower + 1 < buffer.count else { return low }
            // After selection every element right of `lower` is >= it: the next order statistic is their minimum.
            var high = buffer[lower + 1]
            for i in (lower + 2)..<buffer.count where buffer[i] < high { high = buffer[i] }
            return low == high ? low : low + (high - low) * fraction
        }
    }

    /// Rearranges `buffer` so that `buffer[k]` holds the k-th smallest element (0-based), every element
    /// before it is <= it and every element after it is >= it; returns that element. Quickselect with a
    /// median-of-three pivot and Hoare partitioning, which keeps runs of equal values balanced.
    @discardableResult
    public static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        precondition(k >= 0 && k < buffer.count, "select: order statistic out of range")
        var left = 0, right = buffer.count - 1
        while right > left {
            if right - left < 16 {
                // Insertion sort of a short range.
                for i in (left + 1)...right {
                    let v = buffer[i]
                    var j = i - 1
                    while j >= left && buffer[j] > v { buffer[j + 1] = buffer[j]; j -= 1 }
                    buffer[j + 1] = v
                }
                break
            }
            let mid = left + (right - left) / 2
            if buffer[mid] < buffer[left] { buffer.swapAt(mid, left) }
            if buffer[right] < buffer[left] { buffer.swapAt(right, left) }
            if buffer[right] < buffer[mid] { buffer.swapAt(right, mid) }
            let pivot = buffer[mid]
            var i = left, j = right
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while buffer[j] > pivot { j -= 1 }
                if i <= j { buffer.swapAt(i, j); i += 1; j -= 1 }
            }
            // Now [left, j] <= pivot <= [i, right], and elements strictly between j and i equal the pivot.
            if k <= j { right = j } else if k >= i { left = i } else { break }
        }
        return buffer[k]
    }
}
