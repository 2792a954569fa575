/// The detector contract: fit/score errors, output shape and finiteness, per-row scores,
/// reproducibility, and that an obvious outlier scores high.
struct DetectorChecks {
    let library: PluginLibrary
    let params: String
    let train = SyntheticData.gaussian(rows: 120, cols: 4, seed: 11)
    let test = SyntheticData.gaussian(rows: 30, cols: 4, seed: 12)

    func make(seed: UInt64 = 7) throws -> DetectorInstance { try DetectorInstance(library, params: params, seed: seed) }

    func fitted(seed: UInt64 = 7) throws -> DetectorInstance {
        let d = try make(seed: seed)
        try d.fit(train)
        return d
    }

    func run(_ r: inout CheckRecorder) {
        r.check("score before fit is an error") {
            let d = try make()
            return try expectPluginError([PluginCallError.notFitted]) { _ = try d.score(test) }
        }
        r.check("fit rejects NaN") {
            try expectPluginError([PluginCallError.nonFinite]) { try make().fit(SyntheticData.with(train, value: .nan, atRow: 5)) }
        }
        r.check("fit rejects infinity") {
            try expectPluginError([PluginCallError.nonFinite]) { try make().fit(SyntheticData.with(train, value: .infinity, atRow: 5)) }
        }
        r.check("fit rejects empty input") {
            try expectPluginError { try make().fit(DataMatrix(rows: 0, cols: 4)) }
        }
        r.check("score rejects NaN") {
            let d = try fitted()
            return try expectPluginError([PluginCallError.nonFinite]) { _ = try d.score(SyntheticData.with(test, value: .nan, atRow: 3)) }
        }
        r.check("score rejects the wrong number of columns") {
            let d = try fitted()
            return try expectPluginError([PluginCallError.shape]) { _ = try d.score(SyntheticData.gaussian(rows: 5, cols: 3, seed: 1)) }
        }
        r.check("scores are finite, one per row, nothing written past the end") {
            let d = try fitted()
            var out = [Double](repeating: 0, count: test.rows + 1)
            out[test.rows] = 12345.678
            try out.withUnsafeMutableBufferPointer { try d.score(test, into: $0.baseAddress) }
            try expect(out[test.rows] == 12345.678, "the plugin wrote past the end of the output buffer")
            try expect(out.dropLast().allSatisfy(\.isFinite), "a score is not finite")
            return "\(test.rows) scores"
        }
        r.check("scoring a batch equals scoring each row alone") {
            let d = try fitted()
            let batch = try d.score(test)
            let single = try (0..<test.rows).map { try d.score(test.selecting(rows: [$0]))[0] }
            try expect(nearlyEqual(batch, single), "batch and single-row scores differ at \(firstDifference(batch, single))")
            return "ok"
        }
        r.check("row order does not change per-row scores") {
            let d = try fitted()
            let base = try d.score(test)
            let (shuffled, order) = SyntheticData.shuffled(test, seed: 3)
            let permuted = try d.score(shuffled)
            let expected = order.map { base[$0] }
            try expect(nearlyEqual(permuted, expected), "scores differ after reordering rows: \(firstDifference(permuted, expected))")
            return "ok"
        }
        r.check("a seeded fit is reproducible") {
            let a = try fitted(seed: 99).score(test), b = try fitted(seed: 99).score(test)
            try expect(a == b, "two instances with seed 99 disagree: \(firstDifference(a, b))")
            return "ok"
        }
        r.check("fitting twice equals fitting once") {
            let once = try fitted().score(test)
            let d = try fitted()
            try d.fit(train)
            let twice = try d.score(test)
            try expect(nearlyEqual(once, twice), "refitting changed the scores: \(firstDifference(once, twice))")
            return "ok"
        }
        r.check("fit does not modify its input") {
            let copy = train.values
            let d = try make()
            try d.fit(train)
            try expect(train.values == copy, "the training matrix changed during fit")
            return "ok"
        }
        r.check("a far outlier scores above every training row") {
            let d = try fitted()
            let outlier = DataMatrix(rows: 1, cols: 4, values: [25, -25, 25, -25])
            let o = try d.score(outlier)[0]
            let maxTrain = try d.score(train).max()!
            try expect(o > maxTrain, "outlier score \(o) is not above the highest training score \(maxTrain)")
            return "outlier \(o) > \(maxTrain)"
        }
        r.check("training scores (if offered) have one finite value per row") {
            let d = try fitted()
            guard let scores = try d.trainingScores(rows: train.rows) else { return "not offered" }
            try expect(scores.count == train.rows && scores.allSatisfy(\.isFinite), "bad training scores")
            return "offered"
        }
    }
}
