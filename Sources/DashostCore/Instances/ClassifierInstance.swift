import CDashostPlugin

/// A live enhancement-classifier plugin instance.
public final class ClassifierInstance: PluginInstance<dashost_classifier_api>, @unchecked Sendable {
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
        try X.withCMatrix { m in try serialised { try callPlugin(name, "predict_proba") { api.predict_proba!(handle, m, out, $0) } } }
        if let out { try requireProbabilities(out, count: X.rows, operation: "predict_proba") }
    }

    /// Checks that `count` values are probabilities, naming the first row that is not.
    private func requireProbabilities(_ out: UnsafePointer<Double>, count: Int, operation: String) throws {
        for i in 0..<count where !(out[i] >= 0 && out[i] <= 1) {
            throw PluginOutputError(plugin: name, operation: operation,
                                    detail: "P(anomaly) of row \(i) of \(count) is \(out[i]) (must be in [0, 1])")
        }
    }


    private var heldOutFunction: (@convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Double>?, UInt64,
                                                  UnsafeMutablePointer<dashost_error>?) -> dashost_status)? {
        guard let raw = extensionTable(api.get_extension, DASHOST_EXT_HELDOUT) else { return nil }
        let ext = raw.load(as: dashost_heldout_ext.self)
        return ext.struct_size >= UInt32(MemoryLayout<dashost_heldout_ext>.size) ? ext.heldout_proba : nil
    }

    /// Held-out P(anomaly) of each of the `rows` training rows, or `nil` when not offered.
    public func heldOutProbability(rows: Int) throws -> [Double]? {
        guard let fn = heldOutFunction else { return nil }
        var out = [Double](repeating: 0, count: rows)
        try out.withUnsafeMutableBufferPointer { o in
            try serialised { try callPlugin(name, "heldout_proba") { fn(handle, o.baseAddress, UInt64(rows), $0) } }
            try requireProbabilities(o.baseAddress!, count: rows, operation: "heldout_proba")
        }
        return out
    }
}
