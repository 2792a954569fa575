/// Why a ranking metric cannot be computed.
public enum MetricError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `labels` and `scores` have different lengths.
    case lengthMismatch(metric: String, labels: Int, scores: Int)
    /// No samples at all.
    case empty(metric: String)
    /// Only one class is present, so the metric is undefined.
    case missingClass(metric: String, positives: Int, negatives: Int)
    /// A label that is neither 0 nor 1 (`index` is 0-based).
    case nonBinaryLabel(metric: String, index: Int, value: Double)
    /// A NaN or infinite score (`index` is 0-based); scikit-learn refuses these too.
    case nonFiniteScore(metric: String, index: Int, value: Double)

    public var description: String {
        switch self {
        case let .lengthMismatch(metric, labels, scores):
            return "\(metric): \(labels) labels but \(scores) scores"
        case let .empty(metric):
            return "\(metric): no samples"
        case let .missingClass(metric, positives, negatives):
            let missing = positives == 0 ? "no anomaly (label 1)" : "no inlier (label 0)"
            return "\(metric): undefined with \(missing) among the labels (\(positives) anomalies, \(negatives) inliers)"
        case let .nonBinaryLabel(metric, index, value):
            return "\(metric): label \(index) (0-based) is \(value), labels must be 0 or 1"
        case let .nonFiniteScore(metric, index, value):
            return "\(metric): score \(index) (0-based) is \(value); scores must be finite"
        }
    }
}
