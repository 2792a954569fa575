import CDashostPlugin

/// A live enhancement-classifier plugin instance.
public final class ClassifierInstance: PluginInstance<dashost_classifier_api>, Classifier, @unchecked Sendable {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ plugin: Plugin, params: String = "{}", seed: UInt64) throws {
        try super.init(plugin, kind: .classifier, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Fits on rows `X` with labels `y` (0 = normal, 1 = anomaly).
    public func fit(_ X: DataMatrix, labels y: [Double]) throws {
        try X.withCMatrix { m in
            try y.withUnsafeBufferPointer { yb in
                let v = dashost_vector(data: yb.baseAddress, length: UInt64(y.count))
                try serialised { try callPlugin(name, "fit") { api.fit!(handle, m, v, $0) } }
            }
        }
    }

    /// P(anomaly) per row of `X`.
    public func predictProbability(_ X: DataMatrix) throws -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        try out.withUnsafeMutableBufferPointer { try predictProbability(X, into: $0.baseAddress) }
        return out
    }

    /// Predicts into a caller-owned buffer of at least `X.rows` values.
    func predictProbability(_ X: DataMatrix, into out: UnsafeMutablePointer<Double>?) throws {
        Unwritten.fill(out, count: X.rows)
        try X.withCMatrix { m in try serialised { try callPlugin(name, "predict_proba") { api.predict_proba!(handle, m, out, $0) } } }
        if let out { try requireProbabilities(out, count: X.rows, plugin: name, operation: "predict_proba") }
    }

    private var heldOutFunction: (@convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Double>?, UInt64,
                                                  UnsafeMutablePointer<dashost_error>?) -> dashost_status)? {
        guard let raw = extensionTable(api.get_extension, DASHOST_EXT_HELDOUT) else { return nil }
        let ext = raw.load(as: dashost_heldout_ext.self)
        return ext.struct_size >= UInt32(MemoryLayout<dashost_heldout_ext>.size) ? ext.heldout_proba : nil
    }

    /// Held-out P(anomaly) of each of the `rows` training rows, or `nil` when not offered.
    public func heldOutProbability(rows: Int) throws -> [Double]? {
        var out = [Double](repeating: 0, count: rows)
        let offered = try out.withUnsafeMutableBufferPointer { try heldOutProbability(into: $0.baseAddress!, rows: rows) }
        return offered ? out : nil
    }

    /// Writes the held-out probabilities into a caller-owned buffer of `rows` values; false when not offered.
    func heldOutProbability(into out: UnsafeMutablePointer<Double>, rows: Int) throws -> Bool {
        guard let fn = heldOutFunction else { return false }
        Unwritten.fill(out, count: rows)
        try serialised { try callPlugin(name, "heldout_proba") { fn(handle, out, UInt64(rows), $0) } }
        try requireProbabilities(out, count: rows, plugin: name, operation: "heldout_proba")
        return true
    }
}
