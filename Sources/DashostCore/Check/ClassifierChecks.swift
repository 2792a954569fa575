import CDashostPlugin

/// The classifier contract: label and input validation, probabilities in [0, 1], per-row output,
/// reproducibility, learning a separable problem, and the held-out extension when offered.
struct ClassifierChecks {
    let plugin: Plugin
    let params: String
    let data = SyntheticData.twoClasses(rows: 120, cols: 4, seed: 31)
    let test = SyntheticData.twoClasses(rows: 40, cols: 4, seed: 32)

    func make(seed: UInt64 = 7) throws -> ClassifierInstance { try ClassifierInstance(plugin, params: params, seed: seed) }

    func fitted(seed: UInt64 = 7) throws -> ClassifierInstance {
        let c = try make(seed: seed)
        try c.fit(data.X, labels: data.y)
        return c
    }

    func add(to r: inout CheckList) {
        r.check("predict-before-fit", "predict before fit is an error") {
            let c = try make()
            return try expectPluginError([DASHOST_ERR_NOT_FITTED]) { _ = try c.predictProbability(test.X) }
        }
        r.check("fit-labels", "fit rejects labels other than 0 and 1") {
            var y = data.y
            y[0] = 2
            return try expectPluginError([DASHOST_ERR_SHAPE]) { try make().fit(data.X, labels: y) }
        }
        r.check("fit-one-class", "fit rejects a single class") {
            try expectPluginError([DASHOST_ERR_SHAPE]) {
                try make().fit(data.X, labels: [Double](repeating: 0, count: data.X.rows))
            }
        }
        r.check("fit-label-count", "fit rejects a label count that differs from the row count") {
            try expectPluginError([DASHOST_ERR_SHAPE]) { try make().fit(data.X, labels: Array(data.y.dropLast())) }
        }
        r.check("fit-nan", "fit rejects NaN") {
            try expectPluginError([DASHOST_ERR_NON_FINITE]) { try make().fit(SyntheticData.with(data.X, value: .nan, atRow: 1), labels: data.y) }
        }
        r.check("predict-columns", "predict rejects the wrong number of columns") {
            let c = try fitted()
            return try expectPluginError([DASHOST_ERR_SHAPE]) { _ = try c.predictProbability(SyntheticData.gaussian(rows: 3, cols: 5, seed: 1)) }
        }
        r.check("predict-range", "probabilities are in [0, 1], one per row, nothing written past the end") {
            let c = try fitted()
            let out = GuardedOutput(count: test.X.rows, what: "out_proba")
            try out.call { try c.predictProbability(test.X, into: $0) }
            return "ok"
        }
        let proba = ["predict-range"]
        r.check("predict-per-row", "predicting a batch equals predicting each row alone", needs: proba) {
            let c = try fitted()
            let batch = try c.predictProbability(test.X)
            let single = try (0..<test.X.rows).map { try c.predictProbability(test.X.selecting(rows: [$0]))[0] }
            try expect(nearlyEqual(batch, single), "batch and single-row output differ at \(firstDifference(batch, single))")
            return "ok"
        }
        r.check("fit-seeded", "a seeded fit is reproducible", needs: proba) {
            let a = try fitted(seed: 42).predictProbability(test.X), b = try fitted(seed: 42).predictProbability(test.X)
            try expect(a == b, "two instances with seed 42 disagree: \(firstDifference(a, b))")
            return "ok"
        }
        r.check("learns-separable", "learns a well-separated problem (accuracy >= 0.9)", needs: proba) {
            let p = try fitted().predictProbability(test.X)
            let correct = zip(p, test.y).filter { ($0 >= 0.5 ? 1.0 : 0.0) == $1 }.count
            let accuracy = Double(correct) / Double(p.count)
            try expect(accuracy >= 0.9, "accuracy \(accuracy) on held-out separable data")
            return "accuracy \(accuracy)"
        }
        r.check("heldout", "held-out probabilities (if offered): one per training row, in [0, 1], nothing written past the end") {
            let c = try fitted()
            let rows = data.X.rows
            let out = GuardedOutput(count: rows, what: "the held-out probabilities")
            var offered = false
            try out.call { offered = try c.heldOutProbability(into: $0, rows: rows) }
            guard offered else { return "not offered" }
            let p = out.values
            let correct = zip(p, data.y).filter { ($0 >= 0.5 ? 1.0 : 0.0) == $1 }.count
            return "offered; held-out accuracy \(Double(correct) / Double(p.count))"
        }
    }
}
