import CDashostPlugin

/// The fitted detector's score function, handed to a policy by the host (the paper's
/// `model.predict_score`). Valid only during the `generate` call it was passed to.
public struct Scorer {
    private let callback: dashost_score_callback
    /// Number of columns the detector expects.
    public let cols: Int

    init(_ callback: dashost_score_callback, cols: Int) {
        self.callback = callback
        self.cols = cols
    }

    /// Scores `rows` rows stored row-major at `data` into `out` (higher = more anomalous).
    public func score(_ data: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>) throws {
        guard rows > 0 else { return }
        guard let fn = callback.score else { throw PluginError.callback("the host passed no score function") }
        var err = dashost_error()
        let m = dashost_matrix(data: data, rows: UInt64(rows), cols: UInt64(cols))
        let status = fn(callback.context, m, out, &err)
        guard status == DASHOST_OK else {
            let message = withUnsafeBytes(of: &err.message) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            throw PluginError.callback("score callback failed: \(message)")
        }
    }

    /// Scores rows stored row-major in `rows` (a multiple of `cols` values) and returns one score per row.
    public func score(_ rows: [Double]) throws -> [Double] {
        precondition(rows.count % cols == 0, "row buffer is not a multiple of the column count")
        let n = rows.count / cols
        var out = [Double](repeating: 0, count: n)
        try rows.withUnsafeBufferPointer { r in
            try out.withUnsafeMutableBufferPointer { o in
                try score(r.baseAddress!, rows: n, into: o.baseAddress!)
            }
        }
        return out
    }

    /// Scores every row of a matrix view.
    public func score(_ X: MatrixView) throws -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        try out.withUnsafeMutableBufferPointer { o in try score(X.data, rows: X.rows, into: o.baseAddress!) }
        return out
    }
}
