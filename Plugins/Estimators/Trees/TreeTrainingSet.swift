import DashostPluginKit

/// Training rows laid out for tree growing: features column-major (a node sorts one column at a time,
/// so its values should be contiguous) and labels as 0/1.
///
/// A forest builds one of these and shares it, read-only, between all its trees.
public struct TreeTrainingSet {
    /// Number of training rows.
    public let rows: Int
    /// Number of features.
    public let cols: Int
    /// Column `j` occupies `columns[j * rows ..< (j + 1) * rows]`.
    let columns: [Double]
    /// Class of each row: 0 = normal, 1 = anomaly.
    let labels: [UInt8]

    /// Copies a row-major view and its 0/1 labels (`labels.count == X.rows`; any non-zero label is class 1).
    public init(_ X: MatrixView, labels y: UnsafeBufferPointer<Double>) {
        precondition(y.count == X.rows, "TreeTrainingSet: \(y.count) labels for \(X.rows) rows")
        rows = X.rows
        cols = X.cols
        var columns = [Double](repeating: 0, count: X.rows * X.cols)
        columns.withUnsafeMutableBufferPointer { out in
            for i in 0..<X.rows {
                let row = X.data + i * X.cols
                for j in 0..<X.cols { out[j * X.rows + i] = row[j] }
            }
        }
        self.columns = columns
        labels = y.map { $0 != 0 ? 1 : 0 }
    }

    /// Copies an owned matrix and its 0/1 labels.
    public init(_ X: Matrix, labels y: [Double]) {
        self = X.withView { view in y.withUnsafeBufferPointer { TreeTrainingSet(view, labels: $0) } }
    }

    /// The training subset made of `rowIndices` (in that order), e.g. the training folds of a cross-fit.
    public func subset(_ rowIndices: [Int]) -> TreeTrainingSet {
        TreeTrainingSet(parent: self, rowIndices: rowIndices)
    }

    private init(parent: TreeTrainingSet, rowIndices: [Int]) {
        rows = rowIndices.count
        cols = parent.cols
        var columns = [Double](repeating: 0, count: rows * cols)
        for j in 0..<cols {
            for (k, i) in rowIndices.enumerated() { columns[j * rows + k] = parent.columns[j * parent.rows + i] }
        }
        self.columns = columns
        labels = rowIndices.map { parent.labels[$0] }
    }

    /// Row `i` in row-major order, for predicting on training rows.
    public func row(_ i: Int) -> [Double] { (0..<cols).map { columns[$0 * rows + i] } }
}
