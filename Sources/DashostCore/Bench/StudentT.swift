import Foundation

/// The paired one-sided t-test the paper's Table 1 reports.
public enum StudentT {
    /// p-value of H1 "mean(a - b) > 0" for paired samples (nil with fewer than 2 pairs or zero variance
    /// of non-zero differences; p = 0.5 when all differences are 0).
    public static func pairedOneSidedP(_ a: [Double], _ b: [Double]) -> Double? {
        precondition(a.count == b.count)
        let n = a.count
        guard n >= 2 else { return nil }
        let d = zip(a, b).map { $0 - $1 }
        let mean = d.reduce(0, +) / Double(n)
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        guard variance > 0 else { return mean == 0 ? 0.5 : (mean > 0 ? 0 : 1) }
        let t = mean / (variance / Double(n)).squareRoot()
        return upperTail(t, degreesOfFreedom: Double(n - 1))
    }

    /// P(T > t) for Student's t with `df` degrees of freedom.
    public static func upperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let x = df / (df + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// I_x(a, b) by the continued fraction (Numerical Recipes' betacf), using the symmetry for x > (a+1)/(a+b+2).
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
