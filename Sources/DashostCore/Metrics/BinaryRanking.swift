/// The counts behind every threshold metric, as scikit-learn's `_binary_clf_curve` computes them: sort
/// by score, highest first, and at each *distinct* score (ties form one group) record how many positives
/// (`truePositives`) and negatives (`falsePositives`) score at or above it.
struct BinaryRanking {
    /// Cumulative positives at each distinct threshold, highest threshold first.
    let truePositives: [Int]
    /// Cumulative negatives at each distinct threshold, highest threshold first.
    let falsePositives: [Int]
    /// Total positives (label 1).
    var positives: Int { truePositives.last ?? 0 }
    /// Total negatives (label 0).
    var negatives: Int { falsePositives.last ?? 0 }

    /// Validates the inputs (same length, non-empty, labels 0/1, finite scores, both classes present)
    /// and builds the counts in O(n log n). `metric` names the caller in errors.
    init(labels: [Double], scores: [Double], metric: String) throws {
        guard labels.count == scores.count else {
            throw MetricError.lengthMismatch(metric: metric, labels: labels.count, scores: scores.count)
        }
        guard !labels.isEmpty else { throw MetricError.empty(metric: metric) }
        var positives = 0
        for (index, label) in labels.enumerated() {
            if label == 1 { positives += 1 } else if label != 0 {
                throw MetricError.nonBinaryLabel(metric: metric, index: index, value: label)
            }
        }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw MetricError.nonFiniteScore(metric: metric, index: bad, value: scores[bad])
        }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else {
            throw MetricError.missingClass(metric: metric, positives: positives, negatives: negatives)
        }

        // Order within a tie does not matter: counts are only read at the end of each tie group.
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tps: [Int] = [], fps: [Int] = []
        var tp = 0, fp = 0
        for (rank, index) in order.enumerated() {
            if labels[index] == 1 { tp += 1 } else { fp += 1 }
            let lastOfGroup = rank == order.count - 1 || scores[order[rank + 1]] != scores[index]
            if lastOfGroup {
                tps.append(tp)
                fps.append(fp)
            }
        }
        truePositives = tps
        falsePositives = fps
    }
}
