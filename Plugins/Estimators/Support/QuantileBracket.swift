extension Quantile {
    /// Below this many values a copy and a selection over all of them cost about as much as bracketing.
    static let bracketMinimumCount = 4096
    /// Values in the sample that brackets the order statistic.
    static let bracketSampleSize = 512

    /// `Quantile.of` for a large contiguous input without copying it: order statistic `lower`, moved
    /// `fraction` of the way to the next one. Returns nil when the input is small or the sample's
    /// bracket missed (then the caller selects over a full copy, as before).
    ///
    /// Why: copying every value and running quickselect over the copy mispredicts a branch on about
    /// every other value of each partition pass; for `robust_sum`'s 0.99 quantile of 20 000 training
    /// scores that was most of the fusion's time. A strided sample of 512 values locates the order
    /// statistic to within a few sample ranks; one pass then counts the values below that bracket
    /// and copies out the few inside it (the branch that copies is rarely taken, so it predicts
    /// well), and the selection runs on those. The values selected are the same order statistics as
    /// a full selection finds, so the result is the same; the sample only decides how fast.
    static func bracketed(_ values: UnsafeBufferPointer<Double>, lower: Int, fraction: Double) -> Double? {
        let n = values.count
        guard n >= bracketMinimumCount, let base = values.baseAddress else { return nil }
        let s = bracketSampleSize
        // The sample's own ranks bracketing the wanted one, about four standard deviations of a
        // sample rank either side (a deterministic stride: the result depends only on the values).
        let p = Double(lower) / Double(n - 1)
        let centre = p * Double(s - 1)
        let margin = 4 * (Double(s) * p * (1 - p)).squareRoot() + 4
        let lowRank = Int((centre - margin).rounded(.down)), highRank = Int((centre + margin).rounded(.up)) + 1
        var sample = [Double](unsafeUninitializedCapacity: s) { buffer, count in
            for j in 0..<s { buffer[j] = base[j * n / s] }
            count = s
        }
        var low = -Double.infinity, high = Double.infinity
        sample.withUnsafeMutableBufferPointer { b in
            if lowRank > 0 { low = select(b, lowRank) }
            // After the first selection the ranks above `lowRank` lie right of it.
            let from = max(lowRank, 0)
            if highRank < s { high = select(UnsafeMutableBufferPointer(rebasing: b[from...]), highRank - from) }
        }
        // Room for four times the expected count; more means ties or an unrepresentative sample.
        let expected = Double(n) * Double(min(highRank, s) - max(lowRank, 0) + 1) / Double(s)
        let capacity = min(n, Int(4 * expected) + 64)
        let candidates = UnsafeMutableBufferPointer<Double>.allocate(capacity: capacity)
        defer { candidates.deallocate() }
        var below = 0, count = 0
        for i in 0..<n {
            let v = base[i]
            below &+= v < low ? 1 : 0
            if (v < low ? 0 : 1) & (v > high ? 0 : 1) != 0 {
                guard count < capacity else { return nil }
                candidates[count] = v
                count &+= 1
            }
        }
        let k = lower - below
        guard k >= 0, k < count, fraction == 0 || k + 1 < count else { return nil }
        return interpolated(UnsafeMutableBufferPointer(rebasing: candidates[..<count]), k, fraction: fraction)
    }
}
