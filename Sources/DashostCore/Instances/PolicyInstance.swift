import CDashostPlugin

/// A live synthesis-policy plugin instance.
public final class PolicyInstance: PluginInstance<dashost_policy_api> {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ library: PluginLibrary, params: String = "{}", seed: UInt64) throws {
        try super.init(library, kind: .policy, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Generates `count` synthetic anomalies for `detector`, fitted on `train`.
    public func generate(train: DataMatrix, detector: DetectorInstance, count: Int, seed: UInt64) throws -> DataMatrix {
        // The callback holds the detector unretained: keep it alive until the plugin has returned.
        try withExtendedLifetime(detector) {
            try generate(train: train, callback: detector.scoreCallback(), count: count, seed: seed)
        }
    }

    /// Generates with an arbitrary score callback (used by the conformance checks).
    func generate(train: DataMatrix, callback: dashost_score_callback, count: Int, seed: UInt64) throws -> DataMatrix {
        var out = [Double](repeating: 0, count: count * train.cols)
        try out.withUnsafeMutableBufferPointer {
            try generate(train: train, callback: callback, count: count, seed: seed, into: $0.baseAddress)
        }
        return DataMatrix(rows: count, cols: train.cols, values: out)
    }

    /// Generates into a caller-owned buffer of at least `count * train.cols` values.
    func generate(train: DataMatrix, callback: dashost_score_callback, count: Int, seed: UInt64,
                  into out: UnsafeMutablePointer<Double>?) throws {
        try train.withCMatrix { m in
            try callPlugin(library.name, "generate") { api.generate!(handle, m, callback, UInt64(count), seed, out, $0) }
        }
    }
}
