import DashostPluginKit

/// Combines named score columns into one, after normalising each column with its own reference
/// (training) scores. The paper's rule is `minmax(detector) + lambda * minmax(classifier)`, i.e.
/// `.minMaxSum` with weights `["classifier": lambda]`.
public struct WeightedScoreFusion {
    /// The weight of a column not named in `weights` (so the paper's lambda is 1 by default).
    public static let defaultWeight = 1.0
    /// The default `upperQuantile`: 1, the maximum (the paper's min-max).
    public static let defaultUpperQuantile = 1.0
    /// `robust_sum`'s `upperQuantile`: the detector's scale tops out at this training quantile.
    public static let robustSumUpperQuantile = 0.99
    /// `robust_sum`'s `unscaled` columns: the classifier's probability, added as it is.
    public static let robustSumUnscaled = "classifier"

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
    /// Weight per column name; a column not named here has weight ``defaultWeight``.
    public let weights: [String: Double]
    /// Columns already on a common probability scale (a classifier's P(anomaly) in [0, 1]): used as
    /// they are, not rescaled by their reference.
    ///
    /// Why: min-max or z-scaling divides by the spread of the reference. A classifier's held-out
    /// probabilities of the normal training rows are often packed near 0 (few synthetic rows, or
    /// synthetic rows it separates easily), so that spread is tiny and dividing by it blows the
    /// classifier's test scores up to many times the detector's: the classifier alone then decides the
    /// ranking, noise included (e.g. 6 synthetic rows on `wine`). A probability needs no rescaling to be
    /// comparable; added as is, its weight in the sum is what `weights` says.
    public let unscaled: Set<String>
    /// `.minMaxSum` only: the top of each column's scale is this quantile of its reference (1 = the
    /// maximum, the paper's rule and ``defaultUpperQuantile``); see `MinMaxNormalizer.init(reference:upperQuantile:)`.
    public let upperQuantile: Double
    /// Whether an `unscaled` name that is no column is an error (true) or ignored (a rule's default
    /// list, e.g. "classifier" in a graph without a classifier column).
    public let requireUnscaledColumns: Bool

    /// Creates a fusion rule; `weights` must be finite and non-negative, `upperQuantile` in (0, 1].
    public init(rule: Rule, weights: [String: Double] = [:], unscaled: Set<String> = [], upperQuantile: Double = WeightedScoreFusion.defaultUpperQuantile,
                requireUnscaledColumns: Bool = true) throws {
        guard upperQuantile > 0 && upperQuantile <= 1 else {
            throw PluginError.badParams("upper_quantile = \(upperQuantile) must be in (0, 1]")
        }
        self.upperQuantile = upperQuantile
        if let (name, w) = weights.first(where: { !($0.value >= 0 && $0.value.isFinite) }) {
            throw PluginError.badParams("weight for '\(name)' = \(w) must be a finite number >= 0")
        }
        self.rule = rule
        self.weights = weights
        self.unscaled = unscaled
        self.requireUnscaledColumns = requireUnscaledColumns
    }

    /// Reads the params of the weighted rules: `weights` (column -> weight), `unscaled` (comma-separated
    /// column names used without normalisation, default `defaultUnscaled`) and, for `.minMaxSum` only,
    /// `upper_quantile` (default `defaultUpperQuantile`).
    public init(rule: Rule, params: PluginParams, defaultUnscaled: String = "",
                defaultUpperQuantile: Double = WeightedScoreFusion.defaultUpperQuantile) throws {
        let given = try params.string("unscaled", default: defaultUnscaled,
                                      doc: "comma-separated score columns added as they are, without normalisation (probabilities)")
        let names = WeightedScoreFusion.columnNames(given)
        var q = WeightedScoreFusion.defaultUpperQuantile
        if case .minMaxSum = rule {
            q = try params.double("upper_quantile", default: defaultUpperQuantile, in: 1e-9...1,
                                  doc: "top of each scaled column's range: this quantile of its training reference (1 = the maximum)")
        }
        let weights = try params.doubles("weights", default: [:], in: 0...Double.infinity,
                                         doc: "weight (>= 0) per score column name; a column not named has weight \(WeightedScoreFusion.defaultWeight.text)")
        try self.init(rule: rule, weights: weights, unscaled: Set(names), upperQuantile: q,
                      requireUnscaledColumns: given != defaultUnscaled)
    }

    /// The names in a comma-separated list, with spaces removed and empty names dropped.
    ///
    /// Why bytes: splitting and filtering Characters runs grapheme breaking over the text, which cost
    /// a fusion instance more than parsing its params. In ASCII text (every real list) a Character is
    /// one byte, except CR LF (neither a comma nor a space), so the bytes give the same names; other
    /// text is still split by Characters.
    static func columnNames(_ list: String) -> [String] {
        guard list.utf8.allSatisfy({ $0 < 0x80 }) else {
            return list.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        }
        var names: [String] = [], name: [UInt8] = []
        for byte in list.utf8 {
            switch byte {
            case UInt8(ascii: ","):
                if !name.isEmpty { names.append(String(decoding: name, as: UTF8.self)) }
                name.removeAll(keepingCapacity: true)
            case UInt8(ascii: " "):
                continue
            default:
                name.append(byte)
            }
        }
        if !name.isEmpty { names.append(String(decoding: name, as: UTF8.self)) }
        return names
    }

    /// Writes the fused score of each row into `out`; every column has `out.count` scores.
    ///
    /// - Throws: `PluginError.badParams` when a weight (or a given `unscaled` name) names no column (a
    ///   misspelt column name would otherwise silently weigh 1), or, for the weighted mean, when the weights sum to 0.
    public func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {
        let names = Set(columns.map(\.name))
        if let unknown = (weights.keys.sorted() + (requireUnscaledColumns ? unscaled.sorted() : [])).first(where: { !names.contains($0) }) {
            throw PluginError.badParams("weight or unscaled column given for '\(unknown)', which is not a score column (columns: \(columns.map(\.name).joined(separator: ", ")))")
        }
        let w = columns.map { weights[$0.name] ?? WeightedScoreFusion.defaultWeight }
        for c in columns {
            precondition(c.scores.count == out.count, "WeightedScoreFusion: column '\(c.name)' has \(c.scores.count) scores for \(out.count) rows")
        }
        if columns.isEmpty { out.update(repeating: 0) }
        for (index, (c, weight)) in zip(columns, w).enumerated() {
            let first = index == 0
            if unscaled.contains(c.name) {
                WeightedScoreFusion.add(c.scores, weight: weight, first: first, into: out) { $0 }
                continue
            }
            switch rule {
            case .minMaxSum:
                let f = upperQuantile < 1 ? MinMaxNormalizer(reference: c.reference, upperQuantile: upperQuantile)
                                          : MinMaxNormalizer(reference: c.reference)
                WeightedScoreFusion.add(c.scores, weight: weight, first: first, into: out) { f($0) }
            case .zScoreSum:
                let f = ZScoreNormalizer(reference: c.reference)
                WeightedScoreFusion.add(c.scores, weight: weight, first: first, into: out) { f($0) }
            case .rankAverage:
                let f = EmpiricalCDF(reference: c.reference)
                WeightedScoreFusion.add(c.scores, weight: weight, first: first, into: out) { f($0) }
            }
        }
        if case .rankAverage = rule {
            let total = w.reduce(0, +)
            guard total > 0 else { throw PluginError.badParams("the weights of the columns sum to 0; a weighted mean needs a positive total") }
            for i in 0..<out.count { out[i] /= total }
        }
    }

    /// Adds `weight * f(score)` of each row to `out`. The first column is added to 0 rather than to
    /// a zeroed `out`, which saves a pass over it and gives the same sums bit for bit (`0 + x` is
    /// still computed: it is not folded to `x`, which differs for x = -0).
    @inline(__always)
    private static func add(_ scores: UnsafeBufferPointer<Double>, weight: Double, first: Bool,
                            into out: UnsafeMutableBufferPointer<Double>, _ f: (Double) -> Double) {
        guard let s = scores.baseAddress, let o = out.baseAddress else { return }
        if first {
            for i in 0..<out.count { o[i] = 0 + weight * f(s[i]) }
        } else {
            for i in 0..<out.count { o[i] += weight * f(s[i]) }
        }
    }
}
