import Foundation

/// A Gaussian copula with empirical marginals: the model of the normal rows behind the *dependency*
/// testbed (`AnomalyTestbed`). It stands in for the vine copula of ADBench's generator: it keeps every
/// feature's marginal distribution and the rank correlation between features, but not tail dependence
/// or other non-Gaussian dependence a vine can hold.
///
/// Fitting: each feature's values are ranked (ties share their average rank), ranks become normal
/// scores `Φ⁻¹(rank / (n + 1))`, and their Pearson correlation matrix is the copula's correlation.
/// Sampling: `z ~ N(0, R)`, `u = Φ(z)`, and each feature is the empirical quantile of its sorted
/// source values at `u` (linear interpolation between order statistics, numpy's default quantile).
/// `sampleIndependent` draws each feature from its own empirical marginal independently: the same
/// marginals, no dependence.
public struct GaussianCopula: Sendable, Equatable {
    /// The number of features.
    public let dimension: Int
    /// The normal scores' correlation matrix, `dimension` x `dimension` row-major.
    public let correlation: [Double]
    /// Each feature's source values, sorted ascending (the empirical marginals).
    public let sortedColumns: [[Double]]

    /// Fits the copula to the rows of `x` (at least 2 rows). A constant feature has no normal score
    /// spread; it is uncorrelated with the others and always sampled as its constant.
    public init(fitting x: DataMatrix) {
        precondition(x.rows >= 2, "GaussianCopula needs at least 2 rows, got \(x.rows)")
        let n = x.rows, d = x.cols
        dimension = d
        var scores = [[Double]](repeating: [], count: d)
        var sorted = [[Double]](repeating: [], count: d)
        for j in 0..<d {
            let column = (0..<n).map { x.values[$0 * d + j] }
            let order = (0..<n).sorted { column[$0] < column[$1] || (column[$0] == column[$1] && $0 < $1) }
            var ranks = [Double](repeating: 0, count: n)
            var start = 0
            while start < n {
                var end = start
                while end + 1 < n && column[order[end + 1]] == column[order[start]] { end += 1 }
                let average = Double(start + end) / 2 + 1
                for t in start...end { ranks[order[t]] = average }
                start = end + 1
            }
            scores[j] = ranks.map { NormalDistribution.quantile($0 / Double(n + 1)) }
            sorted[j] = order.map { column[$0] }
        }
        sortedColumns = sorted
        var r = [Double](repeating: 0, count: d * d)
        let centred = scores.map { s -> [Double] in
            let mean = s.reduce(0, +) / Double(n)
            return s.map { $0 - mean }
        }
        let norms = centred.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        for a in 0..<d {
            r[a * d + a] = 1
            for b in 0..<a {
                var s = 0.0
                if norms[a] > 0 && norms[b] > 0 {
                    for i in 0..<n { s += centred[a][i] * centred[b][i] }
                    s /= norms[a] * norms[b]
                }
                r[a * d + b] = s
                r[b * d + a] = s
            }
        }
        correlation = r
    }

    /// The empirical quantile of feature `j` at `u` in [0, 1]: position `u (n - 1)` in the sorted
    /// values, interpolated linearly.
    public func quantile(feature j: Int, _ u: Double) -> Double {
        NumericHelpers.quantile(sorted: sortedColumns[j], u)
    }

    /// `count` rows from the copula: correlated normal scores mapped through the empirical marginals.
    /// Throws when the correlation matrix cannot be factored even with jitter (it always can when finite).
    public func sample(count: Int, seed: UInt64) throws -> DataMatrix {
        var random = RandomStream(seed: seed)
        return try sample(count: count, random: &random)
    }

    func sample(count: Int, random: inout RandomStream) throws -> DataMatrix {
        let d = dimension
        guard let factor = CholeskyFactor(correlation, dimension: d) else {
            throw GaussianMixture.FitError.singularCovariance(component: 0)
        }
        var values = [Double](repeating: 0, count: count * d)
        var z = [Double](repeating: 0, count: d), out = [Double](repeating: 0, count: d)
        for i in 0..<count {
            for j in 0..<d { z[j] = random.normal() }
            factor.multiply(z, into: &out)
            // With jitter the diagonal of L Lᵀ is 1 + jitter: rescale to unit variance.
            for j in 0..<d {
                var norm = 0.0
                for k in 0...j { norm += factor.lower[j * d + k] * factor.lower[j * d + k] }
                values[i * d + j] = quantile(feature: j, NormalDistribution.cdf(out[j] / norm.squareRoot()))
            }
        }
        return DataMatrix(rows: count, cols: d, values: values)
    }

    /// `count` rows whose features are drawn independently, each from its own empirical marginal
    /// (`quantile` at a uniform `u`): the *dependency* testbed's anomalies.
    public func sampleIndependent(count: Int, seed: UInt64) -> DataMatrix {
        var random = RandomStream(seed: seed)
        return sampleIndependent(count: count, random: &random)
    }

    func sampleIndependent(count: Int, random: inout RandomStream) -> DataMatrix {
        let d = dimension
        var values = [Double](repeating: 0, count: count * d)
        for i in 0..<count { for j in 0..<d { values[i * d + j] = quantile(feature: j, random.uniform()) } }
        return DataMatrix(rows: count, cols: d, values: values)
    }
}
