import CDashostPlugin

/// The detector contract: fit/score errors, output shape and finiteness, per-row scores,
/// reproducibility, and that an obvious outlier scores high.
struct DetectorChecks {
    let plugin: Plugin
    let params: String
    let train = SyntheticData.gaussian(rows: 120, cols: 4, seed: 11)
    let test = SyntheticData.gaussian(rows: 30, cols: 4, seed: 12)

    func make(seed: UInt64 = 7) throws -> DetectorInstance { try DetectorInstance(plugin, params: params, seed: seed) }

    func fitted(seed: UInt64 = 7) throws -> DetectorInstance {
        let d = try make(seed: seed)
        try d.fit(train)
        return d
    }

    func add(to r: inout CheckList) {
        r.check("score-before-fit", "score before fit is an error") {
            let d = try make()
            return try expectPluginError([DASHOST_ERR_NOT_FITTED]) { _ = try d.score(test) }
        }
        r.check("fit-nan", "fit rejects NaN") {
            try expectPluginError([DASHOST_ERR_NON_FINITE]) { try make().fit(SyntheticData.with(train, value: .nan, atRow: 5)) }
        }
        r.check("fit-infinity", "fit rejects infinity") {
            try expectPluginError([DASHOST_ERR_NON_FINITE]) { try make().fit(SyntheticData.with(train, value: .infinity, atRow: 5)) }
        }
        r.check("fit-empty", "fit rejects empty input") {
            try expectPluginError { try make().fit(DataMatrix(rows: 0, cols: 4)) }
        }
        r.check("score-nan", "score rejects NaN") {
            let d = try fitted()
            return try expectPluginError([DASHOST_ERR_NON_FINITE]) { _ = try d.score(SyntheticData.with(test, value: .nan, atRow: 3)) }
        }
        r.check("score-columns", "score rejects the wrong number of columns") {
            let d = try fitted()
            return try expectPluginError([DASHOST_ERR_SHAPE]) { _ = try d.score(SyntheticData.gaussian(rows: 5, cols: 3, seed: 1)) }
        }
        r.check("score-finite", "scores are finite, one per row, nothing written past the end") {
            let d = try fitted()
            let out = GuardedOutput(count: test.rows, what: "out_scores")
            try out.call { try d.score(test, into: $0) }
            return "\(test.rows) scores"
        }
        let scores = ["score-finite"]
        r.check("score-per-row", "scoring a batch equals scoring each row alone", needs: scores) {
            let d = try fitted()
            let batch = try d.score(test)
            let single = try (0..<test.rows).map { try d.score(test.selecting(rows: [$0]))[0] }
            try expect(nearlyEqual(batch, single), "batch and single-row scores differ at \(firstDifference(batch, single))")
            return "ok"
        }
        r.check("score-row-order", "row order does not change per-row scores", needs: scores) {
            let d = try fitted()
            let base = try d.score(test)
            let (shuffled, order) = SyntheticData.shuffled(test, seed: 3)
            let permuted = try d.score(shuffled)
            let expected = order.map { base[$0] }
            try expect(nearlyEqual(permuted, expected), "scores differ after reordering rows: \(firstDifference(permuted, expected))")
            return "ok"
        }
        r.check("fit-seeded", "a seeded fit is reproducible", needs: scores) {
            let a = try fitted(seed: 99).score(test), b = try fitted(seed: 99).score(test)
            try expect(a == b, "two instances with seed 99 disagree: \(firstDifference(a, b))")
            return "ok"
        }
        r.check("fit-twice", "fitting twice equals fitting once", needs: scores) {
            let once = try fitted().score(test)
            let d = try fitted()
            try d.fit(train)
            let twice = try d.score(test)
            try expect(nearlyEqual(once, twice), "refitting changed the scores: \(firstDifference(once, twice))")
            return "ok"
        }
        r.check("fit-input-unchanged", "fit does not modify its input") {
            let copy = train.values
            let d = try make()
            try d.fit(train)
            try expect(train.values == copy, "the training matrix changed during fit")
            return "ok"
        }
        r.check("far-outlier", "a far outlier scores above every training row", needs: scores) {
            let d = try fitted()
            let outlier = DataMatrix(rows: 1, cols: 4, values: [25, -25, 25, -25])
            let o = try d.score(outlier)[0]
            let maxTrain = try d.score(train).max()!
            try expect(o > maxTrain, "outlier score \(o) is not above the highest training score \(maxTrain)")
            return "outlier \(o) > \(maxTrain)"
        }
        r.check("training-scores", "training scores (if offered): one finite value per row, nothing written past the end") {
            let d = try fitted()
            let out = GuardedOutput(count: train.rows, what: "the training scores")
            var offered = false
            try out.call { offered = try d.trainingScores(into: $0, rows: train.rows) }
            return offered ? "offered" : "not offered"
        }
    }
}
