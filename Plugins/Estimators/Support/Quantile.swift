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
        let position = min(max(q, 0), 1) * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let fraction = position - Double(lower)
        // Large contiguous inputs: select among the few values a sample brackets, without copying all.
        if let result = values.withContiguousStorageIfAvailable({ bracketed($0, lower: lower, fraction: fraction) }),
           let result {
            return result
        }
        var work = Array(values)
        return work.withUnsafeMutableBufferPointer { interpolated($0, lower, fraction: fraction) }
    }

    /// The `k`-th smallest element of `buffer` (which is rearranged), moved `fraction` of the way
    /// towards the next order statistic when `fraction > 0` and there is one; equal neighbours give
    /// that value without interpolating.
    static func interpolated(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, fraction: Double) -> Double {
        let low = select(buffer, k)
        guard fraction > 0, k + 1 < buffer.count else { return low }
        // After selection every element right of `k` is >= it: the next order statistic is their minimum.
        var high = buffer[k + 1]
        for i in (k + 2)..<buffer.count where buffer[i] < high { high = buffer[i] }
        return low == high ? low : low + (high - low) * fraction
    }

    /// Rearranges `buffer` so that `buffer[k]` holds the k-th smallest element (0-based), every element
    /// before it is <= it and every element after it is >= it; returns that element. Quickselect with a
    /// median-of-three pivot and a three-way split (below, equal to, above the pivot), so runs of equal
    /// values end the search instead of slowing it.
    ///
    /// The split is branch-free: each value is swapped into place and the boundary advances by the
    /// comparison's result. A split that branches on each comparison mispredicts on about every other
    /// value of unordered data, which made selecting among a few hundred values cost microseconds.
    @discardableResult
    public static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        precondition(k >= 0 && k < buffer.count, "select: order statistic out of range")
        let b = buffer.baseAddress!
        var left = 0, right = buffer.count - 1
        while right - left >= 16 {
            let mid = left + (right - left) / 2
            let x = b[left], y = b[mid], z = b[right]
            let pivot = max(min(x, y), min(max(x, y), z))
            // [left, below) < pivot after this pass; the pivot itself is in [below, right].
            var below = left
            for i in left...right {
                let v = b[i]
                b[i] = b[below]
                b[below] = v
                below &+= v < pivot ? 1 : 0
            }
            if k < below {
                right = below - 1
                continue
            }
            // [below, equal) == pivot after this pass, (equal, right] > pivot.
            var equal = below
            for i in below...right {
                let v = b[i]
                b[i] = b[equal]
                b[equal] = v
                equal &+= v > pivot ? 0 : 1
            }
            if k < equal { return b[k] }
            left = equal
        }
        if right > left {
            // Insertion sort of a short range.
            for i in (left + 1)...right {
                let v = b[i]
                var j = i - 1
                while j >= left && b[j] > v { b[j + 1] = b[j]; j -= 1 }
                b[j + 1] = v
            }
        }
        return b[k]
    }
}
