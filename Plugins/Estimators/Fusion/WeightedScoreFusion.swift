import DashostPluginKit

/// Combines named score columns into one, after normalising each column with its own reference
/// (training) scores. The paper's rule is `minmax(detector) + lambda * minmax(classifier)`, i.e.
/// `.minMaxSum` with weights `["classifier": lambda]`.
public struct WeightedScoreFusion {
    /// How each column is normalised and how the normalised columns are combined.
    public enum Rule {
        /// Min-max scaling on the reference (`MinMaxNormalizer`), weighted sum.
        case minMaxSum
        /// Mid-rank empirical CDF of the reference (`EmpiricalCDF`), weighted mean.
        case rankAverage
        /// Standardisation on the reference (`ZScoreNormalizer`), weighted sum.
        case zScoreSum
    }

    /// The rule.
    public let rule: Rule
    /// Weight per column name; a column not named here has weight 1.
    public let weights: [String: Double]

    /// Creates a fusion rule; `weights` must be finite and non-negative.
    public init(rule: Rule, weights: [String: Double] = [:]) throws {
        if let (name, w) = weights.first(where: { !($0.value >= 0 && $0.value.isFinite) }) {
            throw PluginError.badParams("weight for '\(name)' = \(w) must be a finite number >= 0")
        }
        self.rule = rule
        self.weights = weights
    }

    /// Writes the fused score of each row into `out`; every column has `out.count` scores.
    ///
    /// - Throws: `PluginError.badParams` when a weight names no column (a misspelt column name would
    ///   otherwise silently weigh 1), or, for the weighted mean, when the weights sum to 0.
    public func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        let names = Set(columns.map(\.name))
        if let unknown = weights.keys.sorted().first(where: { !names.contains($0) }) {
            throw PluginError.badParams("weight given for '\(unknown)', which is not a score column (columns: \(columns.map(\.name).joined(separator: ", ")))")
        }
        let w = columns.map { weights[$0.name] ?? 1 }
        for c in columns {
            precondition(c.scores.count == out.count, "WeightedScoreFusion: column '\(c.name)' has \(c.scores.count) scores for \(out.count) rows")
        }
        out.update(repeating: 0)
        for (c, weight) in zip(columns, w) {
            switch rule {
            case .minMaxSum:
                let f = MinMaxNormalizer(reference: c.reference)
                for i in 0..<out.count { out[i] += weight * f(c.scores[i]) }
            case .zScoreSum:
                let f = ZScoreNormalizer(reference: c.reference)
                for i in 0..<out.count { out[i] += weight * f(c.scores[i]) }
            case .rankAverage:
                let f = EmpiricalCDF(reference: c.reference)
                for i in 0..<out.count { out[i] += weight * f(c.scores[i]) }
            }
        }
        if case .rankAverage = rule {
            let total = w.reduce(0, +)
            guard total > 0 else { throw PluginError.badParams("the weights of the columns sum to 0; a weighted mean needs a positive total") }
            for i in 0..<out.count { out[i] /= total }
        }
    }
}
