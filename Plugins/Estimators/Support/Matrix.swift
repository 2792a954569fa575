import DashostPluginKit

/// An owned, row-major, contiguous matrix of doubles: element `(i, j)` is `values[i * cols + j]`.
///
/// Estimators copy what they must keep (training rows, synthetic rows) into one of these; inputs they
/// only read arrive as a borrowed `MatrixView`.
public struct Matrix {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// All elements, row after row.
    public var values: [Double]

    /// A matrix of `rows * cols` copies of `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.rows = rows
        self.cols = cols
        self.values = [Double](repeating: value, count: rows * cols)
    }

    /// Wraps row-major values; `values.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(values.count == rows * cols, "Matrix: \(values.count) values for \(rows) x \(cols)")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// Copies a borrowed view.
    public init(_ view: MatrixView) {
        self.init(rows: view.rows, cols: view.cols, values: Array(view.elements))
    }

    /// Element at row `i`, column `j`.
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { values[i * cols + j] }
        set { values[i * cols + j] = newValue }
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Double] { Array(values[(i * cols)..<((i + 1) * cols)]) }

    /// Runs `body` with a borrowed view of this matrix.
    public func withView<R>(_ body: (MatrixView) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer { try body(MatrixView(data: $0.baseAddress!, rows: rows, cols: cols)) }
    }
}
