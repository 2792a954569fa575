import Foundation

/// A fast, seedable random number generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random choice a built-in plugin makes comes from one of these, created from the seed the host
/// passes, so results are reproducible bit for bit across runs and machines.
public struct SeededGenerator: RandomNumberGenerator {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// Derives an independent stream for sub-task `index` (a tree, a thread's chunk, ...), so parallel
    /// work is reproducible regardless of scheduling.
    public static func stream(seed: UInt64, index: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (index &+ 1) &* 0xD1B5_4A32_D192_ED03)
    }

    @inlinable static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform integer in 0..<upperBound.
    public mutating func nextInt(below upperBound: Int) -> Int { Int.random(in: 0..<upperBound, using: &self) }

    /// A standard normal deviate (Box-Muller; one of the pair is discarded to keep the stream stateless).
    public mutating func nextGaussian() -> Double {
        var u = nextUnit()
        while u <= 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
