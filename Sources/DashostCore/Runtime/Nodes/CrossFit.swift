/// Host-side K-fold cross-fitting for classifiers without their own held-out estimate: every row's
/// probability comes from a fresh instance fitted on the other folds.
enum CrossFit {
    /// Held-out P(anomaly) for every row of `data`.
    static func heldOutProbability(_ ctx: NodeContext, data: LabeledRowSet, folds: Int) throws -> [Double] {
        let n = data.matrix.rows
        // Stratified, seeded fold assignment: shuffle each class, deal rows round-robin.
        var generator = SplitMix(seed: ctx.seed ^ 0x5EED_F01D)
        var fold = [Int](repeating: 0, count: n)
        for label in [0.0, 1.0] {
            var rows = (0..<n).filter { data.labels[$0] == label }
            for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
            for (position, row) in rows.enumerated() { fold[row] = position % folds }
        }
        var out = [Double](repeating: 0, count: n)
        for k in 0..<folds {
            let inFold = (0..<n).filter { fold[$0] == k }
            let rest = (0..<n).filter { fold[$0] != k }
            guard !inFold.isEmpty else { continue }
            let restLabels = rest.map { data.labels[$0] }
            guard restLabels.contains(0), restLabels.contains(1) else {
                throw ctx.error("cannot cross-fit with \(folds) folds: a fold leaves one class empty (too few synthetic anomalies?)")
            }
            let model = try ctx.makeClassifier(seed: ctx.seed &+ UInt64(k + 1))
            try model.fit(data.matrix.selecting(rows: rest), labels: restLabels)
            let p = try model.predictProbability(data.matrix.selecting(rows: inFold))
            for (i, row) in inFold.enumerated() { out[row] = p[i] }
        }
        return out
    }
}

/// SplitMix64: the host's small seeded generator (fold assignment, nothing statistical).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
