import CDashostPlugin

/// A borrowed, read-only, row-major matrix handed to a plugin by the host.
///
/// Valid only during the call it was passed to: copy what must outlive the call.
public struct MatrixView {
    /// First element; element `(i, j)` is `data[i * cols + j]`.
    public let data: UnsafePointer<Double>
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int

    /// Wraps a pointer the caller guarantees holds `rows * cols` doubles.
    public init(data: UnsafePointer<Double>, rows: Int, cols: Int) {
        self.data = data
        self.rows = rows
        self.cols = cols
    }

    /// All elements, row after row.
    public var elements: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data, count: rows * cols) }

    /// Row `i` as a buffer of `cols` values.
    @inlinable public func row(_ i: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: data + i * cols, count: cols)
    }

    /// Element at row `i`, column `j`.
    @inlinable public subscript(i: Int, j: Int) -> Double { data[i * cols + j] }

    /// The C view of the same memory.
    public var cMatrix: dashost_matrix { dashost_matrix(data: data, rows: UInt64(rows), cols: UInt64(cols)) }

    /// Validates a C matrix: non-null, non-empty, every value finite.
    ///
    /// - Parameter what: how error messages name the matrix, e.g. "X".
    static func checked(_ m: dashost_matrix, what: String) throws -> MatrixView {
        guard m.rows > 0 else { throw PluginError.invalidArgument("\(what) is empty (0 rows)") }
        guard m.cols > 0 else { throw PluginError.invalidArgument("\(what) has 0 columns") }
        guard let data = m.data else { throw PluginError.invalidArgument("\(what) is a null pointer") }
        let view = MatrixView(data: data, rows: Int(m.rows), cols: Int(m.cols))
        // The scan without early exit first (see `allFinite`): inputs are almost always clean.
        if !allFinite(view.elements), let bad = view.elements.firstIndex(where: { !$0.isFinite }) {
            throw PluginError.nonFinite(
                "\(what) has a non-finite value (\(view.elements[bad])) at row \(bad / view.cols), column \(bad % view.cols)")
        }
        return view
    }
}
