import CDashostPlugin

/// A live enhancement-classifier plugin instance.
public final class ClassifierInstance: PluginInstance<dashost_classifier_api> {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ library: PluginLibrary, params: String = "{}", seed: UInt64) throws {
        try super.init(library, kind: .classifier, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Fits on rows `X` with labels `y` (0 = normal, 1 = anomaly).
    public func fit(_ X: DataMatrix, labels y: [Double]) throws {
        try X.withCMatrix { m in
            try y.withUnsafeBufferPointer { yb in
                let v = dashost_vector(data: yb.baseAddress, length: UInt64(y.count))
                try callPlugin(library.name, "fit") { api.fit!(handle, m, v, $0) }
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
        try X.withCMatrix { m in try callPlugin(library.name, "predict_proba") { api.predict_proba!(handle, m, out, $0) } }
    }


    private var heldOutFunction: (@convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Double>?, UInt64,
                                                  UnsafeMutablePointer<dashost_error>?) -> dashost_status)? {
        guard let lookup = api.get_extension, let raw = lookup(DASHOST_EXT_HELDOUT) else { return nil }
        return raw.load(as: dashost_heldout_ext.self).heldout_proba
    }

    /// Held-out P(anomaly) of each of the `rows` training rows, or `nil` when not offered.
    public func heldOutProbability(rows: Int) throws -> [Double]? {
        guard let fn = heldOutFunction else { return nil }
        var out = [Double](repeating: 0, count: rows)
        try out.withUnsafeMutableBufferPointer { o in
            try callPlugin(library.name, "heldout_proba") { fn(handle, o.baseAddress, UInt64(rows), $0) }
        }
        return out
    }
}
