import CDashostPlugin

/// The policy contract: output shape, finiteness and buffer bounds, reproducibility from the seed,
/// error handling (n = 0, NaN training data, a failing score callback reported as
/// `DASHOST_ERR_CALLBACK`). The checks stand in for a detector with a host scorer: squared distance
/// to the training mean.
struct PolicyChecks {
    let plugin: Plugin
    let params: String
    let train = SyntheticData.gaussian(rows: 150, cols: 5, seed: 21)

    func add(to r: inout CheckList) {
        let train = self.train
        let scorer = ScoreCallbackContext(meanDistance(train))
        func make() throws -> PolicyInstance { try PolicyInstance(plugin, params: params, seed: 3) }
        func generate(count: Int = 15, seed: UInt64 = 5, data: DataMatrix? = nil) throws -> DataMatrix {
            try make().generate(train: data ?? train, scorer: scorer, count: count, seed: seed)
        }
        r.check("generate-finite", "generates finite rows of the training width, nothing written past the end") {
            let policy = try make()
            let out = GuardedOutput(count: 15 * train.cols, what: "out (n * X_train.cols values)")
            try out.call { try policy.generate(train: train, scorer: scorer, count: 15, seed: 5, into: $0) }
            return "15 x \(train.cols)"
        }
        let rows = ["generate-finite"]
        r.check("generate-seeded", "output is reproducible from the seed", needs: rows) {
            let a = try generate(seed: 5), b = try generate(seed: 5)
            try expect(a == b, "two runs with seed 5 differ")
            return "ok"
        }
        r.check("generate-seeds-differ", "different seeds give different output", needs: rows) {
            try expect(try generate(seed: 5) != generate(seed: 6), "seeds 5 and 6 gave identical anomalies")
            return "ok"
        }
        r.check("generate-not-copies", "synthetic rows are not copies of training rows", needs: rows) {
            let out = try generate()
            let trainRows = Set((0..<train.rows).map { train.row($0) })
            let copies = (0..<out.rows).filter { trainRows.contains(out.row($0)) }.count
            try expect(copies < out.rows, "every synthetic row is a copy of a training row")
            return "\(copies) of \(out.rows) rows are copies"
        }
        r.check("generate-zero", "n = 0 is an error") { try expectPluginError { _ = try generate(count: 0) } }
        r.check("generate-nan", "NaN in the training data is an error") {
            try expectPluginError([DASHOST_ERR_NON_FINITE]) { _ = try generate(data: SyntheticData.with(train, value: .nan, atRow: 2)) }
        }
        r.check("callback-failure", "a failing score callback is reported as DASHOST_ERR_CALLBACK with its message") {
            let message = "check: the score callback failed on purpose"
            var calls = 0
            let failing = ScoreCallbackContext { _, _, err in
                calls += 1
                return dashost_error_set_message(err, DASHOST_ERR_INTERNAL, message)
            }
            do {
                _ = try make().generate(train: train, scorer: failing, count: 15, seed: 5)
            } catch let error as PluginCallError where error.status == DASHOST_ERR_CALLBACK {
                try expect(error.message.contains(message), "returned DASHOST_ERR_CALLBACK, but its message \"\(error.message)\" does not include the callback's")
                return "\(error.statusName): \(error.message)"
            } catch let error as PluginOutputError {
                throw CheckFailure(error.detail)
            }
            // A detector-agnostic policy (a baseline) may never call the detector; then there is nothing to report.
            try expect(calls == 0, "the score callback failed \(calls) time(s), but generate succeeded")
            return "never calls the score callback (detector-agnostic policy)"
        }
    }

    /// Host-side stand-in detector: squared Euclidean distance to the training mean.
    private func meanDistance(_ train: DataMatrix) -> ScoreCallbackContext.Score {
        var mean = [Double](repeating: 0, count: train.cols)
        for i in 0..<train.rows { for j in 0..<train.cols { mean[j] += train[i, j] / Double(train.rows) } }
        return { X, out, err in
            guard let data = X.data, let out, Int(X.cols) == mean.count else {
                return dashost_error_set_message(err, DASHOST_ERR_SHAPE, "check scorer: wrong width or null buffer")
            }
            for i in 0..<Int(X.rows) {
                var s = 0.0
                for j in 0..<Int(X.cols) { let d = data[i * Int(X.cols) + j] - mean[j]; s += d * d }
                out[i] = s
            }
            return DASHOST_OK
        }
    }
}
