import Dispatch
import Foundation

/// What a policy's synthetic rows are, measured on one finished run of the standard graph
/// (issue 19: how hard, how far, how learnable; `dashost awareness`).
///
/// The rows are split as `BackgroundMix` lays them out: the first `count - round(share * count)` are
/// the policy's own ("hard" part), the rest its uniform background. A policy without a background
/// share has only the hard part.
/// - **How hard**: each hard row's detector score as a percentile of the detector's training scores
///   (the reference the fusion normalises with: leave-self-out where the detector offers it). Near 1
///   the detector already sees the row; well below 1 it is in the detector's blind spot.
/// - **How far**: each hard row's distance to its nearest training row, in standardised features
///   (training mean and standard deviation), divided by the median distance of a training row to its
///   nearest other training row. About 1 = as close to the data as the data is to itself.
/// - **How learnable**: the classifier's held-out (out-of-bag) probabilities, AUC-ROC of the
///   synthetic rows (all, and the hard part alone) against the normal training rows. About 0.5 = the
///   classifier cannot tell them from normal (it learns noise); near 1 = trivially separable.
public struct SyntheticRowMeasures: Sendable {
    /// Synthetic rows, and those made by the policy itself (the rest are background).
    public let synthetic: Int, hard: Int
    /// Median and 0.9 quantile of the hard rows' detector-score percentiles among training scores.
    public let hardPercentileMedian: Double, hardPercentileP90: Double
    /// Share of the hard rows scoring at most the detector's 0.99 training quantile.
    public let hiddenShare: Double
    /// Median and 0.9 quantile of the hard rows' nearest-training-row distance ratio.
    public let distanceRatioMedian: Double, distanceRatioP90: Double
    /// Out-of-bag AUC-ROC, synthetic vs normal training rows: all synthetic rows, the hard rows alone
    /// (NaN when the classifier offers no held-out probabilities).
    public let oobAUC: Double, oobAUCHard: Double
    /// Test AUC-PR of the detector, the classifier alone and the fused score.
    public let aucprDetector: Double, aucprClassifier: Double, aucprEnhanced: Double

    /// The CSV header of `csvFields`, in order.
    public static let header = "n_syn,n_hard,hard_pct_median,hard_pct_p90,hidden_share,dist_ratio_median,dist_ratio_p90,"
        + "oob_auc,oob_auc_hard,aucpr_detector,aucpr_classifier,aucpr_enhanced"

    /// The values as CSV fields, in `header` order.
    public var csvFields: String {
        [Double(synthetic), Double(hard), hardPercentileMedian, hardPercentileP90, hiddenShare, distanceRatioMedian,
         distanceRatioP90, oobAUC, oobAUCHard, aucprDetector, aucprClassifier, aucprEnhanced]
            .map { $0 == $0.rounded() && abs($0) < 1e9 ? String(Int($0)) : String(format: "%.4f", $0) }
            .joined(separator: ",")
    }

    /// Measures the run `result` of an enhanced standard graph whose policy put `backgroundShare` of
    /// its rows in the background.
    public init(run result: RunResult, backgroundShare: Double) throws {
        guard case let .rows(train)? = result.values["data.train"],
              case let .rows(anomalies)? = result.values["policy.anomalies"],
              case let .detector(fitted)? = result.values["detector.model"],
              case let .scores(detectorScores)? = result.values["detector.scores"],
              case let .scores(classifierScores)? = result.values["classifier.scores"],
              case let .classifier(classifier)? = result.values["classifier.model"] else {
            throw BenchError("awareness: the run is not an enhanced standard graph")
        }
        let X = try train.matrix, S = try anomalies.matrix
        let m = S.rows
        let hard = m - min(m, max(0, Int((backgroundShare * Double(m)).rounded())))
        synthetic = m
        self.hard = hard
        let hardRows = S.selecting(rows: Array(0..<hard))

        let reference = detectorScores.reference.sorted()
        let scores = try fitted.instance.score(hardRows)
        let percentiles = scores.map { Self.percentile(of: $0, in: reference) }
        hardPercentileMedian = Self.quantile(percentiles, 0.5)
        hardPercentileP90 = Self.quantile(percentiles, 0.9)
        let q99 = Self.quantile(reference, 0.99)
        hiddenShare = scores.isEmpty ? .nan : Double(scores.filter { $0 <= q99 }.count) / Double(scores.count)

        let ratios = Self.distanceRatios(train: X, rows: hardRows)
        distanceRatioMedian = Self.quantile(ratios, 0.5)
        distanceRatioP90 = Self.quantile(ratios, 0.9)

        let n = X.rows
        if let heldOut = try classifier.heldOutProbability(rows: n + m) {
            let labels = [Double](repeating: 0, count: n) + [Double](repeating: 1, count: m)
            oobAUC = try Metrics.rocAUC(labels: labels, scores: heldOut)
            let hardLabels = [Double](repeating: 0, count: n) + [Double](repeating: 1, count: hard)
            oobAUCHard = hard > 0 ? try Metrics.rocAUC(labels: hardLabels, scores: Array(heldOut[0..<(n + hard)])) : .nan
        } else {
            oobAUC = .nan
            oobAUCHard = .nan
        }
        func aucpr(_ column: String) -> Double { result.metrics.first { $0.column == column }?.aucpr ?? .nan }
        aucprDetector = aucpr("detector")
        aucprEnhanced = aucpr("enhanced")
        aucprClassifier = try classifierScores.labels.map { try Metrics.averagePrecision(labels: $0, scores: classifierScores.scores) } ?? .nan
    }

    /// Share of `sorted` below `x`, ties counted half.
    public static func percentile(of x: Double, in sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < x { lo = mid + 1 } else { hi = mid } }
        var upper = lo
        while upper < sorted.count && sorted[upper] == x { upper += 1 }
        return (Double(lo) + 0.5 * Double(upper - lo)) / Double(sorted.count)
    }

    /// The `q`-quantile of `values` (linear interpolation, NumPy's default); NaN when empty.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        let v = values.filter { !$0.isNaN }.sorted()
        guard !v.isEmpty else { return .nan }
        let position = q * Double(v.count - 1)
        let i = Int(position.rounded(.down)), j = min(v.count - 1, i + 1)
        return v[i] + (position - Double(i)) * (v[j] - v[i])
    }

    /// Each row's nearest-training-row distance over the median nearest-other-row distance of up to
    /// 1000 evenly spaced training rows (their mean when the median is 0), in features standardised on
    /// the training rows (constant features, up to rounding, dropped); NaN when the training rows are all one point.
    public static func distanceRatios(train X: DataMatrix, rows S: DataMatrix) -> [Double] {
        let n = X.rows, d = X.cols
        guard n > 1, S.rows > 0 else { return [] }
        var mean = [Double](repeating: 0, count: d), sd = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += X.values[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<d { let e = X.values[i * d + j] - mean[j]; sd[j] += e * e } }
        // A feature constant on the training rows has a rounding-level deviation (its mean is not
        // exactly its value), not 0: dividing by it would turn any synthetic change there into ~1e13.
        let scale = (0..<d).map { j -> Double in
            let deviation = (sd[j] / Double(n)).squareRoot()
            return deviation > 1e-9 * max(1, abs(mean[j])) ? 1 / deviation : 0
        }
        func standardised(_ M: DataMatrix) -> [Double] {
            var z = M.values
            for i in 0..<M.rows { for j in 0..<d { z[i * d + j] = (z[i * d + j] - mean[j]) * scale[j] } }
            return z
        }
        let zx = standardised(X), zs = standardised(S)
        // Nearest distance from each of `count` query rows (in `q`) to the training rows, skipping
        // training row `skip(i)` (the query itself) when given.
        func nearest(_ q: [Double], count: Int, skip: ((Int) -> Int)?) -> [Double] {
            var out = [Double](repeating: 0, count: count)
            out.withUnsafeMutableBufferPointer { o in
                let o = o
                zx.withUnsafeBufferPointer { x in
                    q.withUnsafeBufferPointer { qb in
                        DispatchQueue.concurrentPerform(iterations: count) { i in
                            let excluded = skip?(i) ?? -1
                            var best = Double.infinity
                            let qi = qb.baseAddress! + i * d
                            for r in 0..<n where r != excluded {
                                let xr = x.baseAddress! + r * d
                                var s = 0.0
                                for j in 0..<d { let e = qi[j] - xr[j]; s += e * e; if s >= best { break } }
                                if s < best { best = s }
                            }
                            o[i] = best.squareRoot()
                        }
                    }
                }
            }
            return out
        }
        let sample = min(n, 1000)
        let picked = (0..<sample).map { $0 * n / sample }
        var zp = [Double](repeating: 0, count: sample * d)
        for (k, i) in picked.enumerated() { for j in 0..<d { zp[k * d + j] = zx[i * d + j] } }
        let spacing = nearest(zp, count: sample, skip: { picked[$0] })
        // More than half of the rows duplicated (`breastw`): the median spacing is 0, so the mean stands in.
        let median = quantile(spacing, 0.5)
        let own = median > 1e-9 ? median : spacing.reduce(0, +) / Double(sample)
        let far = nearest(zs, count: S.rows, skip: nil)
        return far.map { own > 1e-9 ? $0 / own : .nan }
    }
}
