/// A loaded tabular data set: one row per sample, optional 0/1 labels (1 = anomaly).
public struct Dataset: Equatable, Sendable {
    /// A short name, by default the file name without its extension (e.g. `Hepatitis`).
    public var name: String
    /// The feature matrix, one row per sample; every value is finite.
    public var features: DataMatrix
    /// Per-row labels, exactly 0 (inlier) or 1 (anomaly); nil when the file has none.
    public var labels: [Double]?
    /// Column names (from a CSV header); nil when the format has none.
    public var featureNames: [String]?

    /// Creates a data set. `labels`, when given, must have one entry per row of `features`.
    public init(name: String, features: DataMatrix, labels: [Double]?, featureNames: [String]? = nil) {
        precondition(labels.map { $0.count == features.rows } ?? true,
                     "Dataset \(name): \(labels?.count ?? 0) labels for \(features.rows) rows")
        precondition(featureNames.map { $0.count == features.cols } ?? true,
                     "Dataset \(name): \(featureNames?.count ?? 0) names for \(features.cols) columns")
        self.name = name
        self.features = features
        self.labels = labels
        self.featureNames = featureNames
    }

    /// Number of samples.
    public var rowCount: Int { features.rows }
    /// Number of features.
    public var featureCount: Int { features.cols }
    /// Number of rows labelled 1, or nil without labels.
    public var anomalyCount: Int? { labels.map { $0.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } } }

    /// The rows at `indices`, in that order, with their labels.
    public func selecting(rows indices: [Int]) -> Dataset {
        Dataset(name: name, features: features.selecting(rows: indices),
                labels: labels.map { all in indices.map { all[$0] } }, featureNames: featureNames)
    }
}
