/// Rows flowing along a `matrix` edge: features, their labels when known, and their row numbers in
/// the source file (so outputs can be joined back to the input).
public struct RowSet: Sendable {
    /// The data set's name (for messages and reports).
    public let dataset: String
    /// Feature rows.
    public let matrix: DataMatrix
    /// 0/1 labels per row, when the source has labels.
    public let labels: [Double]?
    /// Row number of each row in the source file (0-based).
    public let rowIDs: [Int]
}

/// Rows with training labels along a `labeled` edge: the first `normalCount` rows are the normal
/// training rows (label 0), the rest synthetic anomalies (label 1).
public struct LabeledRowSet: Sendable {
    /// Feature rows.
    public let matrix: DataMatrix
    /// 0/1 label per row.
    public let labels: [Double]
    /// Number of leading normal rows: the rows a classifier's reference scores are taken on.
    public let normalCount: Int
}

/// One score column along a `scores` edge.
public struct ScoreColumnValue: Sendable {
    /// Scores of the scored rows (higher = more anomalous).
    public let scores: [Double]
    /// The same scorer's scores on the training rows, the normalisation reference.
    public let reference: [Double]
    /// Labels of the scored rows, when known.
    public let labels: [Double]?
    /// Source row numbers of the scored rows.
    public let rowIDs: [Int]
    /// Data set name.
    public let dataset: String
}

/// A detector fitted by a detector node, with the rows it was fitted on (a policy needs both).
public final class FittedDetector: @unchecked Sendable {
    /// The live instance.
    public let instance: DetectorInstance
    /// Its training rows.
    public let train: RowSet

    init(instance: DetectorInstance, train: RowSet) {
        self.instance = instance
        self.train = train
    }
}

/// AUC-PR and AUC-ROC of one score column.
public struct MetricRow: Sendable, Equatable {
    /// Data set name.
    public let dataset: String
    /// The column, named by the evaluate node's input port (e.g. "detector", "fused").
    public let column: String
    /// Average precision.
    public let aucpr: Double
    /// Area under the ROC curve.
    public let aucroc: Double
    /// Rows evaluated.
    public let rows: Int
    /// Anomalies among them.
    public let anomalies: Int
}

/// A value on an edge of the running graph.
public enum PortValue: @unchecked Sendable {
    case rows(RowSet)
    case labeled(LabeledRowSet)
    case detector(FittedDetector)
    case classifier(ClassifierInstance)
    case scores(ScoreColumnValue)
    case metrics([MetricRow])
}
