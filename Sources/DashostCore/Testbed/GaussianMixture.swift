import Foundation

/// A Gaussian mixture with full covariances, fitted by EM, chosen by BIC and sampled from: the model of
/// the normal rows behind the *local* and *clustered* anomaly testbeds (`AnomalyTestbed`), as ADBench's
/// generator uses scikit-learn's `GaussianMixture`.
///
/// The fit follows scikit-learn's defaults: k-means initialisation (k-means++ seeding from the seed,
/// then Lloyd iterations), EM until the mean log-likelihood per row improves by less than `tolerance`
/// (1e-3) or `maxIterations` (100) passes, and `regularization` (scikit-learn's `reg_covar`, 1e-6)
/// added to every covariance's diagonal. One initialisation per fit (`n_init = 1`). A covariance that
/// still does not factor gets the smallest extra diagonal jitter that makes it factor
/// (`CholeskyFactor`). Rows are row-major `DataMatrix` rows; everything is `Double`.
public struct GaussianMixture: Sendable, Equatable {
    /// The number of features.
    public let dimension: Int
    /// Mixing weights, one per component, summing to 1.
    public var weights: [Double]
    /// Component means, `components` x `dimension`.
    public var means: [[Double]]
    /// Component covariances, each `dimension` x `dimension` row-major.
    public var covariances: [[Double]]

    /// The number of components.
    public var components: Int { weights.count }

    /// A mixture with the given parameters (one weight, mean and covariance per component).
    public init(weights: [Double], means: [[Double]], covariances: [[Double]]) {
        precondition(!weights.isEmpty && weights.count == means.count && means.count == covariances.count,
                     "GaussianMixture: \(weights.count) weights, \(means.count) means, \(covariances.count) covariances")
        let d = means[0].count
        precondition(means.allSatisfy { $0.count == d } && covariances.allSatisfy { $0.count == d * d },
                     "GaussianMixture: means and covariances of different dimensions")
        dimension = d
        self.weights = weights
        self.means = means
        self.covariances = covariances
    }

    /// Why a mixture could not be fitted.
    public enum FitError: Error, CustomStringConvertible, Equatable, Sendable {
        /// Fewer rows than components (or no rows at all).
        case tooFewRows(rows: Int, components: Int)
        /// A covariance that no diagonal jitter makes positive definite (non-finite data).
        case singularCovariance(component: Int)

        public var description: String {
            switch self {
            case let .tooFewRows(rows, components):
                return "a Gaussian mixture of \(components) component\(components == 1 ? "" : "s") needs at least \(components) rows, got \(rows)"
            case let .singularCovariance(component):
                return "the covariance of mixture component \(component) is not positive definite even with added jitter"
            }
        }
    }

    // MARK: Fitting

    /// Fits a `components`-component mixture to the rows of `x` by EM from a k-means initialisation
    /// seeded by `seed`.
    public static func fit(_ x: DataMatrix, components k: Int, seed: UInt64, regularization: Double = 1e-6,
                           maxIterations: Int = 100, tolerance: Double = 1e-3) throws -> GaussianMixture {
        let n = x.rows
        guard k >= 1, n >= k else { throw FitError.tooFewRows(rows: n, components: k) }
        var random = RandomStream(seed: seed)
        let labels = kMeansLabels(x, k: k, random: &random)
        var responsibilities = [Double](repeating: 0, count: n * k)
        for i in 0..<n { responsibilities[i * k + labels[i]] = 1 }
        var model = try maximisation(x, responsibilities: responsibilities, k: k, regularization: regularization)
        var previous = -Double.infinity
        for _ in 0..<maxIterations {
            let (meanLogLikelihood, r) = try model.expectation(x)
            model = try maximisation(x, responsibilities: r, k: k, regularization: regularization)
            if abs(meanLogLikelihood - previous) < tolerance { break }
            previous = meanLogLikelihood
        }
        return model
    }

    /// One fitted candidate of `fitSelectingByBIC`.
    public struct Candidate: Sendable {
        public let components: Int
        public let bic: Double
    }

    /// Fits 1 ... `maxComponents` components (at most one per row) and returns the mixture of lowest
    /// BIC, with every candidate's BIC. The fit of `k` components is seeded by `seed` and `k`.
    public static func fitSelectingByBIC(_ x: DataMatrix, maxComponents: Int = 9, seed: UInt64,
                                         regularization: Double = 1e-6) throws -> (model: GaussianMixture, candidates: [Candidate]) {
        let largest = min(maxComponents, x.rows)
        guard largest >= 1 else { throw FitError.tooFewRows(rows: x.rows, components: 1) }
        var best: (GaussianMixture, Double)?
        var candidates: [Candidate] = []
        for k in 1...largest {
            let model = try fit(x, components: k, seed: seed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15, regularization: regularization)
            let bic = try model.bic(x)
            candidates.append(Candidate(components: k, bic: bic))
            if bic.isFinite, best == nil || bic < best!.1 { best = (model, bic) }
        }
        guard let (model, _) = best else { throw FitError.singularCovariance(component: 0) }
        return (model, candidates)
    }

    /// The number of free parameters: `k - 1` weights, `k d` mean entries, `k d (d + 1) / 2` covariance entries.
    public var parameterCount: Int {
        let d = dimension, k = components
        return (k - 1) + k * d + k * d * (d + 1) / 2
    }

    /// Schwarz's criterion as scikit-learn computes it: `-2 log L(x) + p ln n` (lower is better).
    public func bic(_ x: DataMatrix) throws -> Double {
        let (meanLogLikelihood, _) = try expectation(x)
        let n = Double(x.rows)
        return -2 * meanLogLikelihood * n + Double(parameterCount) * Foundation.log(n)
    }

    /// The mean log-likelihood per row of `x`.
    public func meanLogLikelihood(_ x: DataMatrix) throws -> Double { try expectation(x).0 }

    /// The E step: the mean log-likelihood per row and the responsibilities (`rows` x `components`).
    func expectation(_ x: DataMatrix) throws -> (Double, [Double]) {
        let n = x.rows, d = dimension, k = components
        var factors: [CholeskyFactor] = []
        for c in 0..<k {
            guard let f = CholeskyFactor(covariances[c], dimension: d) else { throw FitError.singularCovariance(component: c) }
            factors.append(f)
        }
        let constants = (0..<k).map { c in
            Foundation.log(max(weights[c], .leastNormalMagnitude)) - 0.5 * (Double(d) * Foundation.log(2 * Double.pi) + factors[c].logDeterminant)
        }
        var r = [Double](repeating: 0, count: n * k)
        var centred = [Double](repeating: 0, count: d)
        var scratch = [Double](repeating: 0, count: d)
        var logs = [Double](repeating: 0, count: k)
        var total = 0.0
        x.values.withUnsafeBufferPointer { values in
            for i in 0..<n {
                for c in 0..<k {
                    for j in 0..<d { centred[j] = values[i * d + j] - means[c][j] }
                    let m = centred.withUnsafeBufferPointer { factors[c].squaredMahalanobis($0, scratch: &scratch) }
                    logs[c] = constants[c] - 0.5 * m
                }
                let top = logs.max()!
                var sum = 0.0
                for c in 0..<k { sum += Foundation.exp(logs[c] - top) }
                let logSum = top + Foundation.log(sum)
                total += logSum
                for c in 0..<k { r[i * k + c] = Foundation.exp(logs[c] - logSum) }
            }
        }
        return (total / Double(n), r)
    }

    /// The M step: weights, means and regularised covariances from responsibilities (as scikit-learn,
    /// every component's weight gets `10 ε` so an empty component does not divide by zero).
    static func maximisation(_ x: DataMatrix, responsibilities r: [Double], k: Int, regularization: Double) throws -> GaussianMixture {
        let n = x.rows, d = x.cols
        var counts = [Double](repeating: 10 * Double.ulpOfOne, count: k)
        var means = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        for i in 0..<n {
            for c in 0..<k where r[i * k + c] != 0 {
                let w = r[i * k + c]
                counts[c] += w
                for j in 0..<d { means[c][j] += w * x.values[i * d + j] }
            }
        }
        for c in 0..<k { for j in 0..<d { means[c][j] /= counts[c] } }
        var covariances = [[Double]](repeating: [Double](repeating: 0, count: d * d), count: k)
        var centred = [Double](repeating: 0, count: d)
        for c in 0..<k {
            var s = [Double](repeating: 0, count: d * d)
            for i in 0..<n {
                let w = r[i * k + c]
                guard w > 1e-300 else { continue }
                for j in 0..<d { centred[j] = x.values[i * d + j] - means[c][j] }
                for a in 0..<d {
                    let wa = w * centred[a]
                    for b in 0...a { s[a * d + b] += wa * centred[b] }
                }
            }
            for a in 0..<d {
                for b in 0...a {
                    let v = s[a * d + b] / counts[c]
                    s[a * d + b] = v
                    s[b * d + a] = v
                }
                s[a * d + a] += regularization
            }
            covariances[c] = s
        }
        let total = counts.reduce(0, +)
        return GaussianMixture(weights: counts.map { $0 / total }, means: means, covariances: covariances)
    }

    /// k-means++ seeding, then Lloyd iterations (at most 100, until no label changes): each row's cluster.
    static func kMeansLabels(_ x: DataMatrix, k: Int, random: inout RandomStream) -> [Int] {
        let n = x.rows, d = x.cols
        func distance(_ i: Int, _ center: [Double]) -> Double {
            var s = 0.0
            for j in 0..<d { let t = x.values[i * d + j] - center[j]; s += t * t }
            return s
        }
        var centers = [x.row(Int(random.below(UInt64(n))))]
        var nearest = (0..<n).map { distance($0, centers[0]) }
        while centers.count < k {
            let total = nearest.reduce(0, +)
            var pick = n - 1
            if total > 0 {
                var target = random.uniform() * total
                for i in 0..<n {
                    target -= nearest[i]
                    if target < 0 { pick = i; break }
                }
            } else {
                pick = Int(random.below(UInt64(n)))
            }
            let center = x.row(pick)
            centers.append(center)
            for i in 0..<n { nearest[i] = min(nearest[i], distance(i, center)) }
        }
        var labels = [Int](repeating: -1, count: n)
        for _ in 0..<100 {
            var changed = false
            for i in 0..<n {
                var best = 0, bestDistance = Double.infinity
                for c in 0..<k {
                    let t = distance(i, centers[c])
                    if t < bestDistance { bestDistance = t; best = c }
                }
                if labels[i] != best { labels[i] = best; changed = true }
            }
            guard changed else { break }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[labels[i]] += 1
                for j in 0..<d { sums[labels[i]][j] += x.values[i * d + j] }
            }
            for c in 0..<k where counts[c] > 0 { centers[c] = sums[c].map { $0 / Double(counts[c]) } }
        }
        return labels
    }

    // MARK: Sampling and transforms

    /// `count` rows drawn from the mixture, and the component each came from. Each row picks its
    /// component by the weights, then is `mean + L z` for a standard-normal `z` and the covariance's
    /// Cholesky factor `L`. Reproducible from `seed`.
    public func sample(count: Int, seed: UInt64) throws -> (rows: DataMatrix, components: [Int]) {
        var random = RandomStream(seed: seed)
        return try sample(count: count, random: &random)
    }

    func sample(count: Int, random: inout RandomStream) throws -> (rows: DataMatrix, components: [Int]) {
        let d = dimension
        var factors: [CholeskyFactor] = []
        for c in 0..<components {
            guard let f = CholeskyFactor(covariances[c], dimension: d) else { throw FitError.singularCovariance(component: c) }
            factors.append(f)
        }
        var cumulative: [Double] = []
        var running = 0.0
        for w in weights { running += w; cumulative.append(running) }
        var values = [Double](repeating: 0, count: count * d)
        var drawn = [Int](repeating: 0, count: count)
        var z = [Double](repeating: 0, count: d), out = [Double](repeating: 0, count: d)
        for i in 0..<count {
            let u = random.uniform() * running
            let c = cumulative.firstIndex { u < $0 } ?? (components - 1)
            drawn[i] = c
            for j in 0..<d { z[j] = random.normal() }
            factors[c].multiply(z, into: &out)
            for j in 0..<d { values[i * d + j] = means[c][j] + out[j] }
        }
        return (DataMatrix(rows: count, cols: d, values: values), drawn)
    }

    /// The same mixture with every covariance multiplied by `factor` (ADBench's *local* anomalies, 5).
    public func scalingCovariances(by factor: Double) -> GaussianMixture {
        GaussianMixture(weights: weights, means: means, covariances: covariances.map { $0.map { $0 * factor } })
    }

    /// The same mixture with every mean multiplied by `factor` (ADBench's *clustered* anomalies, 5).
    public func scalingMeans(by factor: Double) -> GaussianMixture {
        GaussianMixture(weights: weights, means: means.map { $0.map { $0 * factor } }, covariances: covariances)
    }
}
