/// The smallest and largest of many values in one pass.
///
/// Why not `min()` and `max()`: each is one chain of dependent compare-and-select steps, so a pass
/// costs the compare's latency (about four cycles) per value; the fusion rules take both over every
/// reference column of tens of thousands of training scores on each run. Eight running extremes per
/// pass are independent, so the processor overlaps them (and may pack them into vector registers).
/// Only which of two equal values is returned can differ from `min()`/`max()`, i.e. the sign of a
/// zero extreme when both -0 and +0 occur.
public enum Extremes {
    /// The smallest and largest value of a non-empty, NaN-free buffer.
    public static func of(_ values: UnsafeBufferPointer<Double>) -> (minimum: Double, maximum: Double) {
        precondition(!values.isEmpty, "Extremes: no values")
        let v = values.baseAddress!, n = values.count
        var lo = (v[0], v[0], v[0], v[0], v[0], v[0], v[0], v[0])
        var hi = lo
        var i = 0
        while i + 8 <= n {
            lo.0 = v[i] < lo.0 ? v[i] : lo.0; hi.0 = v[i] > hi.0 ? v[i] : hi.0
            lo.1 = v[i + 1] < lo.1 ? v[i + 1] : lo.1; hi.1 = v[i + 1] > hi.1 ? v[i + 1] : hi.1
            lo.2 = v[i + 2] < lo.2 ? v[i + 2] : lo.2; hi.2 = v[i + 2] > hi.2 ? v[i + 2] : hi.2
            lo.3 = v[i + 3] < lo.3 ? v[i + 3] : lo.3; hi.3 = v[i + 3] > hi.3 ? v[i + 3] : hi.3
            lo.4 = v[i + 4] < lo.4 ? v[i + 4] : lo.4; hi.4 = v[i + 4] > hi.4 ? v[i + 4] : hi.4
            lo.5 = v[i + 5] < lo.5 ? v[i + 5] : lo.5; hi.5 = v[i + 5] > hi.5 ? v[i + 5] : hi.5
            lo.6 = v[i + 6] < lo.6 ? v[i + 6] : lo.6; hi.6 = v[i + 6] > hi.6 ? v[i + 6] : hi.6
            lo.7 = v[i + 7] < lo.7 ? v[i + 7] : lo.7; hi.7 = v[i + 7] > hi.7 ? v[i + 7] : hi.7
            i += 8
        }
        var minimum = min(min(min(lo.0, lo.1), min(lo.2, lo.3)), min(min(lo.4, lo.5), min(lo.6, lo.7)))
        var maximum = max(max(max(hi.0, hi.1), max(hi.2, hi.3)), max(max(hi.4, hi.5), max(hi.6, hi.7)))
        while i < n {
            minimum = v[i] < minimum ? v[i] : minimum
            maximum = v[i] > maximum ? v[i] : maximum
            i += 1
        }
        return (minimum, maximum)
    }
}
