import CDashostPlugin

/// A live synthesis-policy plugin instance.
public final class PolicyInstance: PluginInstance<dashost_policy_api>, Policy, @unchecked Sendable {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ plugin: Plugin, params: String = "{}", seed: UInt64) throws {
        try super.init(plugin, kind: .policy, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Generates `count` synthetic anomalies for `detector`, fitted on `train`.
    public func generate(train: DataMatrix, detector: any Detector, count: Int, seed: UInt64) throws -> DataMatrix {
        let scorer = ScoreCallbackContext { X, out, err in detector.scoreForCallback(X, out, err) }
        return try withExtendedLifetime(detector) { try generate(train: train, scorer: scorer, count: count, seed: seed) }
    }

    /// Generates with an arbitrary scorer (used by the conformance checks).
    func generate(train: DataMatrix, scorer: ScoreCallbackContext, count: Int, seed: UInt64) throws -> DataMatrix {
        var out = [Double](repeating: 0, count: count * train.cols)
        try out.withUnsafeMutableBufferPointer {
            try generate(train: train, scorer: scorer, count: count, seed: seed, into: $0.baseAddress)
        }
        return DataMatrix(rows: count, cols: train.cols, values: out)
    }

    /// Generates into a caller-owned buffer of at least `count * train.cols` values, then checks the
    /// contract: a failed score callback must be reported as `DASHOST_ERR_CALLBACK`, and every
    /// synthetic value must be finite (an error names the synthetic row and column).
    func generate(train: DataMatrix, scorer: ScoreCallbackContext, count: Int, seed: UInt64,
                  into out: UnsafeMutablePointer<Double>?) throws {
        scorer.reset()
        Unwritten.fill(out, count: count * train.cols)
        do {
            try train.withCMatrix { m in
                try serialised {
                    host.random.reseed(seed)
                    let callback = scorer.callback
                    try withExtendedLifetime(scorer) {
                        try callPlugin(name, "generate") { api.generate!(handle, m, callback, UInt64(count), seed, out, $0) }
                    }
                }
            }
        } catch let error as PluginCallError where scorer.failure != nil && error.status != DASHOST_ERR_CALLBACK {
            throw PluginOutputError(plugin: name, operation: "generate", detail:
                "the score callback failed (\(scorer.failure!)) and the plugin returned \(error.statusName) instead of DASHOST_ERR_CALLBACK")
        }
        if let failure = scorer.failure {
            throw PluginOutputError(plugin: name, operation: "generate", detail:
                "the score callback had failed (\(failure)): a policy must return DASHOST_ERR_CALLBACK then")
        }
        guard let out else { return }
        let cols = train.cols
        try requireFinite(out, count: count * cols, plugin: name, operation: "generate") {
            "synthetic row \($0 / cols) of \(count), column \($0 % cols),"
        }
    }
}

/// The context of one policy call's score callback: forwards to `score` and remembers the first
/// failure, so the host can tell whether the policy reported it as the ABI requires.
final class ScoreCallbackContext {
    typealias Score = (dashost_matrix, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<dashost_error>?) -> dashost_status
    private let score: Score
    /// The first failed callback's status name and message, since the last `reset`.
    private(set) var failure: String?

    init(_ score: @escaping Score) { self.score = score }

    func reset() { failure = nil }

    /// The C callback; valid while this object is alive.
    var callback: dashost_score_callback {
        dashost_score_callback(score: { context, X, out, err in
            let me = Unmanaged<ScoreCallbackContext>.fromOpaque(context!).takeUnretainedValue()
            let status = me.score(X, out, err)
            if status != DASHOST_OK && me.failure == nil {
                var copy = err?.pointee ?? dashost_error()
                me.failure = "\(PluginCallError.name(of: status)): \(errorMessage(&copy))"
            }
            return status
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }
}
