/// Rows flowing along a `matrix` edge: features, their labels when known, and their row numbers in
/// the source file (so outputs can be joined back to the input). The features are either in memory
/// or streamed from the file in chunks (rows a pipeline only scores need not be loaded whole).
public struct RowSet: Sendable {
    /// The data set's name (for messages and reports).
    public let dataset: String
    /// 0/1 labels per row, when the source has labels.
    public let labels: [Double]?
    /// Row number of each row in the source file (0-based; -1 for synthetic rows).
    public let rowIDs: [Int]
    private let storage: Storage

    private enum Storage: Sendable {
        case memory(DataMatrix)
        case stream(NpyRowStream, chunkRows: Int)
    }

    /// Rows held in memory.
    public init(dataset: String, matrix: DataMatrix, labels: [Double]?, rowIDs: [Int]) {
        self.dataset = dataset
        self.labels = labels
        self.rowIDs = rowIDs
        storage = .memory(matrix)
    }

    /// Rows `rowIDs` (ascending) of an array in a file, read `chunkRows` at a time when used.
    public init(dataset: String, stream: NpyRowStream, chunkRows: Int, labels: [Double]?, rowIDs: [Int]) {
        self.dataset = dataset
        self.labels = labels
        self.rowIDs = rowIDs
        storage = .stream(stream, chunkRows: chunkRows)
    }

    /// Number of rows.
    public var count: Int { rowIDs.count }

    /// Number of columns.
    public var cols: Int {
        switch storage {
        case let .memory(m): return m.cols
        case let .stream(s, _): return s.cols
        }
    }

    /// Whether the rows are read from the file on use rather than held in memory.
    public var isStreamed: Bool {
        if case .stream = storage { return true }
        return false
    }

    /// All rows in memory; a streamed set is read whole (for consumers that need every row at once,
    /// such as fitting).
    public var matrix: DataMatrix {
        get throws {
            switch storage {
            case let .memory(m): return m
            case .stream:
                var values: [Double] = []
                values.reserveCapacity(count * cols)
                try forEachChunk { chunk, _ in values.append(contentsOf: chunk.values) }
                return DataMatrix(rows: count, cols: cols, values: values)
            }
        }
    }

    /// Calls `body` with consecutive chunks of rows and the positions they cover (one chunk when in memory).
    public func forEachChunk(_ body: (DataMatrix, Range<Int>) throws -> Void) throws {
        switch storage {
        case let .memory(m): try body(m, 0..<m.rows)
        case let .stream(s, chunkRows): try s.forEachChunk(rows: rowIDs, chunkRows: chunkRows, body)
        }
    }

    /// One value per row, computed chunk by chunk (e.g. scores), so a streamed set is never held whole.
    public func mapChunks(_ transform: (DataMatrix) throws -> [Double]) throws -> [Double] {
        var out = [Double](repeating: 0, count: count)
        try forEachChunk { chunk, range in
            let values = try transform(chunk)
            out.replaceSubrange(range, with: values)
        }
        return out
    }
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
    public let instance: any Detector
    /// Its training rows.
    public let train: RowSet

    init(instance: any Detector, train: RowSet) {
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
    case classifier(any Classifier)
    case scores(ScoreColumnValue)
    case metrics([MetricRow])
}
