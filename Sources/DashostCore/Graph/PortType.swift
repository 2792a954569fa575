/// The type of what flows along a pipeline edge. A link whose types differ is refused before anything runs.
public enum PortType: String, Sendable {
    /// Feature rows (with labels when the data has them).
    case matrix
    /// Feature rows with 0/1 training labels (normal rows plus synthetic anomalies).
    case labeled
    /// A fitted detector.
    case detector
    /// A fitted classifier.
    case classifier
    /// One score column, with its reference (training) scores.
    case scores
    /// Evaluation results.
    case metrics
}
