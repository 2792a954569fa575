/// Ranking metrics for anomaly scores (higher score = more anomalous; label 1 = anomaly), computed
/// exactly as scikit-learn does so our numbers compare with the reference stack.
public enum Metrics {
    /// Average precision, as `sklearn.metrics.average_precision_score`: the step-wise sum
    /// `sum_k (R_k - R_{k-1}) * P_k` over distinct score thresholds from the highest down (tied scores
    /// form one threshold; no interpolation), with `R_0 = 0`.
    ///
    /// Throws `MetricError` when lengths differ, a label is not 0/1, a score is NaN or infinite, or a class is absent.
    public static func averagePrecision(labels: [Double], scores: [Double]) throws -> Double {
        let ranking = try BinaryRanking(labels: labels, scores: scores, metric: "average precision")
        let positives = Double(ranking.positives)
        var sum = 0.0
        var previousRecall = 0.0
        for k in ranking.truePositives.indices {
            let tp = Double(ranking.truePositives[k])
            let predicted = tp + Double(ranking.falsePositives[k])
            let recall = tp / positives
            sum += (recall - previousRecall) * (tp / predicted)
            previousRecall = recall
        }
        return sum
    }

    /// Area under the ROC curve, as `sklearn.metrics.roc_auc_score`: trapezoids between the points
    /// (FPR, TPR) of consecutive distinct thresholds, starting at (0, 0). A tie between an anomaly and an
    /// inlier therefore counts half, as in the Mann-Whitney U statistic.
    ///
    /// Throws `MetricError` when lengths differ, a label is not 0/1, a score is NaN or infinite, or a class is absent.
    public static func rocAUC(labels: [Double], scores: [Double]) throws -> Double {
        let ranking = try BinaryRanking(labels: labels, scores: scores, metric: "ROC AUC")
        // Sum in integers (twice the area in count units) so the result is exact up to the final division.
        var twiceArea = 0
        var previousTP = 0, previousFP = 0
        for k in ranking.truePositives.indices {
            let tp = ranking.truePositives[k], fp = ranking.falsePositives[k]
            twiceArea += (fp - previousFP) * (tp + previousTP)
            previousTP = tp
            previousFP = fp
        }
        return Double(twiceArea) / (2 * Double(ranking.positives) * Double(ranking.negatives))
    }
}
