import Foundation

/// The host's seeded random stream (xoshiro256**, seeded through SplitMix64), as plugins reach it
/// through `dashost_host.random_*`. Equal seeds give equal streams on every platform.
struct RandomStream {
    private var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The second value of the last polar-method pair, returned by the next `normal()`.
    private var spareNormal: Double?

    init(seed: UInt64) { reseed(seed) }

    /// Restarts the stream from `seed`.
    mutating func reseed(_ seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
        spareNormal = nil
    }

    /// 64 uniformly random bits.
    mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = (s.3 << 45) | (s.3 >> 19)
        return result
    }

    /// Uniform in [0, 1), 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal (Marsaglia's polar method).
    mutating func normal() -> Double {
        if let spare = spareNormal { spareNormal = nil; return spare }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let r = u * u + v * v
            if r > 0 && r < 1 {
                let f = (-2 * Foundation.log(r) / r).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    /// Uniform in [0, n) without modulo bias (Lemire's multiply-and-reject); 0 when n == 0.
    mutating func below(_ n: UInt64) -> UInt64 {
        guard n > 0 else { return 0 }
        var m = next().multipliedFullWidth(by: n)
        if m.low < n {
            let threshold = (0 &- n) % n
            while m.low < threshold { m = next().multipliedFullWidth(by: n) }
        }
        return m.high
    }

    /// A uniformly random permutation of 0..<n written to `out` (Fisher-Yates).
    mutating func permutation(into out: UnsafeMutablePointer<UInt64>, count n: Int) {
        for i in 0..<n { out[i] = UInt64(i) }
        guard n > 1 else { return }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(below(UInt64(i + 1)))
            out.swapAt(i, j)
        }
    }
}

private extension UnsafeMutablePointer where Pointee == UInt64 {
    func swapAt(_ i: Int, _ j: Int) { let t = self[i]; self[i] = self[j]; self[j] = t }
}
