import CDashostPlugin

/// The policy contract: output shape, finiteness and buffer bounds, reproducibility from the seed,
/// error handling (n = 0, NaN training data, a failing score callback). The checks stand in for
/// a detector with a host scorer: squared distance to the training mean.
struct PolicyChecks {
    let library: PluginLibrary
    let params: String
    let train = SyntheticData.gaussian(rows: 150, cols: 5, seed: 21)

    func run(_ r: inout CheckRecorder) {
        let scorer = MeanDistanceScorer(train)
        func generate(count: Int = 15, seed: UInt64 = 5, data: DataMatrix? = nil, callback: dashost_score_callback? = nil) throws -> DataMatrix {
            let policy = try PolicyInstance(library, params: params, seed: 3)
            return try withExtendedLifetime(scorer) {
                try policy.generate(train: data ?? train, callback: callback ?? scorer.callback, count: count, seed: seed)
            }
        }
        r.check("generates finite rows of the training width, nothing written past the end") {
            let policy = try PolicyInstance(library, params: params, seed: 3)
            var out = [Double](repeating: 0, count: 15 * train.cols + 1)
            out[15 * train.cols] = 12345.678
            try out.withUnsafeMutableBufferPointer {
                try policy.generate(train: train, callback: scorer.callback, count: 15, seed: 5, into: $0.baseAddress)
            }
            try expect(out.last == 12345.678, "the plugin wrote past the end of the output buffer")
            try expect(out.dropLast().allSatisfy(\.isFinite), "a synthetic value is not finite")
            return "15 x \(train.cols)"
        }
        r.check("output is reproducible from the seed") {
            let a = try generate(seed: 5), b = try generate(seed: 5)
            try expect(a == b, "two runs with seed 5 differ")
            return "ok"
        }
        r.check("different seeds give different output") {
            try expect(try generate(seed: 5) != generate(seed: 6), "seeds 5 and 6 gave identical anomalies")
            return "ok"
        }
        r.check("synthetic rows are not copies of training rows") {
            let out = try generate()
            let trainRows = Set((0..<train.rows).map { train.row($0) })
            let copies = (0..<out.rows).filter { trainRows.contains(out.row($0)) }.count
            try expect(copies < out.rows, "every synthetic row is a copy of a training row")
            return "\(copies) of \(out.rows) rows are copies"
        }
        r.check("n = 0 is an error") { try expectPluginError { _ = try generate(count: 0) } }
        r.check("NaN in the training data is an error") {
            try expectPluginError([PluginCallError.nonFinite]) { _ = try generate(data: SyntheticData.with(train, value: .nan, atRow: 2)) }
        }
        r.check("a failing score callback is reported as an error") {
            let failing = FailingScorer()
            do {
                _ = try withExtendedLifetime(failing) { try generate(callback: failing.callback) }
            } catch let error as PluginCallError {
                try expect(!error.message.isEmpty, "returned \(error.statusName) but wrote no message")
                return "\(error.statusName): \(error.message)"
            }
            // A detector-agnostic policy (a baseline) may never call the detector; then there is nothing to report.
            try expect(failing.calls == 0, "the score callback failed \(failing.calls) time(s), but generate succeeded")
            return "never calls the score callback (detector-agnostic policy)"
        }
    }
}

/// Host-side stand-in detector: squared Euclidean distance to the training mean.
final class MeanDistanceScorer {
    let mean: [Double]

    init(_ train: DataMatrix) {
        var m = [Double](repeating: 0, count: train.cols)
        for i in 0..<train.rows { for j in 0..<train.cols { m[j] += train[i, j] / Double(train.rows) } }
        mean = m
    }

    var callback: dashost_score_callback {
        dashost_score_callback(score: { context, X, out, err in
            let scorer = Unmanaged<MeanDistanceScorer>.fromOpaque(context!).takeUnretainedValue()
            guard let data = X.data, let out, Int(X.cols) == scorer.mean.count else {
                return dashost_error_set_message(err, DASHOST_ERR_SHAPE, "check scorer: wrong width or null buffer")
            }
            for i in 0..<Int(X.rows) {
                var s = 0.0
                for j in 0..<Int(X.cols) { let d = data[i * Int(X.cols) + j] - scorer.mean[j]; s += d * d }
                out[i] = s
            }
            return DASHOST_OK
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }
}

/// A score callback that always fails and counts its calls, to check that policies propagate
/// callback errors.
final class FailingScorer {
    private(set) var calls = 0

    var callback: dashost_score_callback {
        dashost_score_callback(score: { context, _, _, err in
            Unmanaged<FailingScorer>.fromOpaque(context!).takeUnretainedValue().calls += 1
            return dashost_error_set_message(err, DASHOST_ERR_INTERNAL, "check: the score callback failed on purpose")
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }
}

/// Writes `message` into an error buffer (the header's variadic helper is not callable from Swift).
func dashost_error_set_message(_ err: UnsafeMutablePointer<dashost_error>?, _ status: dashost_status, _ message: String) -> dashost_status {
    guard let err else { return status }
    withUnsafeMutableBytes(of: &err.pointee.message) { raw in
        let bytes = Array(message.utf8.prefix(raw.count - 1))
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    return status
}
