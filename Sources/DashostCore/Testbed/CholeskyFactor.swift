import Foundation

/// The lower-triangular Cholesky factor `L` of a symmetric positive-definite matrix `A = L Lᵀ`
/// (row-major, `dimension` x `dimension`), with what the testbeds need of it: the log-determinant,
/// `L⁻¹ v` (for Mahalanobis distances) and `L z` (to turn standard-normal draws into correlated ones).
///
/// A small matrix is factored in Swift (the testbeds' covariances are `d` x `d` for a data set's `d`
/// features); DashostCore does not link OpenBLAS.
public struct CholeskyFactor: Sendable, Equatable {
    /// The matrix order.
    public let dimension: Int
    /// `L`, row-major; the entries above the diagonal are zero.
    public let lower: [Double]
    /// The multiple of the mean diagonal that had to be added to the diagonal before the matrix
    /// factored (0 when it factored as given).
    public let addedJitter: Double

    /// Factors `matrix` (row-major, symmetric; only the lower triangle is read). When it is not
    /// numerically positive definite, `jitter * mean(diag)` is added to the diagonal, `jitter` starting
    /// at 1e-10 and growing tenfold up to 1e-2; nil when even that fails (e.g. non-finite entries).
    public init?(_ matrix: [Double], dimension d: Int) {
        precondition(matrix.count == d * d, "CholeskyFactor: \(matrix.count) entries for order \(d)")
        if let l = Self.factor(matrix, d, shift: 0) {
            lower = l
            addedJitter = 0
            dimension = d
            return
        }
        var scale = 0.0
        for i in 0..<d { scale += abs(matrix[i * d + i]) }
        scale = d > 0 && scale > 0 ? scale / Double(d) : 1
        var jitter = 1e-10
        while jitter <= 1e-2 {
            if let l = Self.factor(matrix, d, shift: jitter * scale) {
                lower = l
                addedJitter = jitter
                dimension = d
                return
            }
            jitter *= 10
        }
        return nil
    }

    private static func factor(_ a: [Double], _ d: Int, shift: Double) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for j in 0..<d {
            var diagonal = a[j * d + j] + shift
            for k in 0..<j { diagonal -= l[j * d + k] * l[j * d + k] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let ljj = diagonal.squareRoot()
            l[j * d + j] = ljj
            for i in (j + 1)..<max(j + 1, d) {
                var s = a[i * d + j]
                for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
                l[i * d + j] = s / ljj
            }
        }
        return l
    }

    /// `log det A = 2 Σ log L_ii`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<dimension { s += Foundation.log(lower[i * dimension + i]) }
        return 2 * s
    }

    /// `‖L⁻¹ v‖²`, i.e. `vᵀ A⁻¹ v` (forward substitution); `v` has `dimension` entries.
    public func squaredMahalanobis(_ v: UnsafeBufferPointer<Double>, scratch: inout [Double]) -> Double {
        let d = dimension
        var total = 0.0
        lower.withUnsafeBufferPointer { l in
            for i in 0..<d {
                var s = v[i]
                let row = i * d
                for k in 0..<i { s -= l[row + k] * scratch[k] }
                let y = s / l[row + i]
                scratch[i] = y
                total += y * y
            }
        }
        return total
    }

    /// `L z`, written into `out` (both `dimension` long).
    public func multiply(_ z: [Double], into out: inout [Double]) {
        let d = dimension
        for i in 0..<d {
            var s = 0.0
            for k in 0...i { s += lower[i * d + k] * z[k] }
            out[i] = s
        }
    }
}
