/// The classifier contract: label and input validation, probabilities in [0, 1], per-row output,
/// reproducibility, learning a separable problem, and the held-out extension when offered.
struct ClassifierChecks {
    let library: PluginLibrary
    let params: String
    let data = SyntheticData.twoClasses(rows: 120, cols: 4, seed: 31)
    let test = SyntheticData.twoClasses(rows: 40, cols: 4, seed: 32)

    func make(seed: UInt64 = 7) throws -> ClassifierInstance { try ClassifierInstance(library, params: params, seed: seed) }

    func fitted(seed: UInt64 = 7) throws -> ClassifierInstance {
        let c = try make(seed: seed)
        try c.fit(data.X, labels: data.y)
        return c
    }

    func run(_ r: inout CheckRecorder) {
        r.check("predict before fit is an error") {
            let c = try make()
            return try expectPluginError([PluginCallError.notFitted]) { _ = try c.predictProbability(test.X) }
        }
        r.check("fit rejects labels other than 0 and 1") {
            var y = data.y
            y[0] = 2
            return try expectPluginError([PluginCallError.shape]) { try make().fit(data.X, labels: y) }
        }
        r.check("fit rejects a single class") {
            try expectPluginError([PluginCallError.shape]) {
                try make().fit(data.X, labels: [Double](repeating: 0, count: data.X.rows))
            }
        }
        r.check("fit rejects a label count that differs from the row count") {
            try expectPluginError([PluginCallError.shape]) { try make().fit(data.X, labels: Array(data.y.dropLast())) }
        }
        r.check("fit rejects NaN") {
            try expectPluginError([PluginCallError.nonFinite]) { try make().fit(SyntheticData.with(data.X, value: .nan, atRow: 1), labels: data.y) }
        }
        r.check("predict rejects the wrong number of columns") {
            let c = try fitted()
            return try expectPluginError([PluginCallError.shape]) { _ = try c.predictProbability(SyntheticData.gaussian(rows: 3, cols: 5, seed: 1)) }
        }
        r.check("probabilities are in [0, 1], one per row, nothing written past the end") {
            let c = try fitted()
            var out = [Double](repeating: 0, count: test.X.rows + 1)
            out[test.X.rows] = 12345.678
            try out.withUnsafeMutableBufferPointer { try c.predictProbability(test.X, into: $0.baseAddress) }
            try expect(out.last == 12345.678, "the plugin wrote past the end of the output buffer")
            try expect(out.dropLast().allSatisfy { $0 >= 0 && $0 <= 1 }, "a probability is outside [0, 1]")
            return "ok"
        }
        r.check("predicting a batch equals predicting each row alone") {
            let c = try fitted()
            let batch = try c.predictProbability(test.X)
            let single = try (0..<test.X.rows).map { try c.predictProbability(test.X.selecting(rows: [$0]))[0] }
            try expect(nearlyEqual(batch, single), "batch and single-row output differ at \(firstDifference(batch, single))")
            return "ok"
        }
        r.check("a seeded fit is reproducible") {
            let a = try fitted(seed: 42).predictProbability(test.X), b = try fitted(seed: 42).predictProbability(test.X)
            try expect(a == b, "two instances with seed 42 disagree: \(firstDifference(a, b))")
            return "ok"
        }
        r.check("learns a well-separated problem (accuracy >= 0.9)") {
            let p = try fitted().predictProbability(test.X)
            let correct = zip(p, test.y).filter { ($0 >= 0.5 ? 1.0 : 0.0) == $1 }.count
            let accuracy = Double(correct) / Double(p.count)
            try expect(accuracy >= 0.9, "accuracy \(accuracy) on held-out separable data")
            return "accuracy \(accuracy)"
        }
        r.check("held-out probabilities (if offered): one per training row, in [0, 1]") {
            let c = try fitted()
            guard let p = try c.heldOutProbability(rows: data.X.rows) else { return "not offered" }
            try expect(p.count == data.X.rows && p.allSatisfy { $0 >= 0 && $0 <= 1 }, "bad held-out probabilities")
            let correct = zip(p, data.y).filter { ($0 >= 0.5 ? 1.0 : 0.0) == $1 }.count
            return "offered; held-out accuracy \(Double(correct) / Double(p.count))"
        }
    }
}
