import CDashostPlugin

/// The host's owned, row-major, contiguous matrix of doubles: element `(i, j)` is `values[i * cols + j]`.
///
/// This is what data readers produce and what the runtime hands to plugins as a `dashost_matrix`
/// view. (Plugins have their own `Matrix` type: the host links no plugin code.)
public struct DataMatrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// All elements, row after row.
    public var values: [Double]

    /// Wraps row-major values; `values.count` must equal `rows * cols`.
    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(values.count == rows * cols, "DataMatrix: \(values.count) values for \(rows) x \(cols)")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix of zeros.
    public init(rows: Int, cols: Int) {
        self.init(rows: rows, cols: cols, values: [Double](repeating: 0, count: rows * cols))
    }

    /// Element at row `i`, column `j`.
    public subscript(i: Int, j: Int) -> Double {
        get { values[i * cols + j] }
        set { values[i * cols + j] = newValue }
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Double] { Array(values[(i * cols)..<((i + 1) * cols)]) }

    /// The rows at `indices`, in that order.
    public func selecting(rows indices: [Int]) -> DataMatrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * cols)
        for i in indices { out.append(contentsOf: values[(i * cols)..<((i + 1) * cols)]) }
        return DataMatrix(rows: indices.count, cols: cols, values: out)
    }

    /// This matrix with `other`'s rows appended below (same column count).
    public func stacking(_ other: DataMatrix) -> DataMatrix {
        precondition(other.cols == cols, "DataMatrix.stacking: \(other.cols) columns vs \(cols)")
        return DataMatrix(rows: rows + other.rows, cols: cols, values: values + other.values)
    }

    /// Runs `body` with the C view of this matrix (valid only inside `body`).
    public func withCMatrix<R>(_ body: (dashost_matrix) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer { buffer in
            try body(dashost_matrix(data: buffer.baseAddress, rows: UInt64(rows), cols: UInt64(cols)))
        }
    }
}
