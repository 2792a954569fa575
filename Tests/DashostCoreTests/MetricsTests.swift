import DashostCore
import XCTest

/// Average precision and ROC AUC against hand computations and scikit-learn 1.9.1.
final class MetricsTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    func testHandComputedCaseWithTies() throws {
        let labels: [Double] = [1, 0, 1, 0, 1, 0]
        let scores: [Double] = [0.9, 0.9, 0.7, 0.5, 0.5, 0.1]
        // P = 3, N = 3. Distinct thresholds, highest first, with cumulative (TP, FP):
        //   0.9 -> {1, 0}: (1, 1)   0.7 -> {1}: (2, 1)   0.5 -> {0, 1}: (3, 2)   0.1 -> {0}: (3, 3)
        // AP = sum (R_k - R_{k-1}) * P_k = 1/3 * 1/2 + 1/3 * 2/3 + 1/3 * 3/5 + 0 * 3/6
        //    = 1/6 + 2/9 + 1/5 = 53/90 = 0.58888...            (sklearn: 0.5888888888888889)
        // ROC points (FP/N, TP/P): (0,0) (1/3,1/3) (1/3,2/3) (2/3,1) (1,1); trapezoids:
        //   1/3 * (0 + 1/3)/2 + 0 + 1/3 * (2/3 + 1)/2 + 1/3 * (1 + 1)/2 = 1/18 + 5/18 + 6/18 = 2/3
        // Mann-Whitney check: positive 0.9 beats 0.5, 0.1 and ties 0.9 (2.5); 0.7 beats 2 (2);
        //   0.5 beats 0.1 and ties 0.5 (1.5): 6 of 9 pairs = 2/3.   (sklearn: 0.6666666666666666)
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels, scores: scores), 53.0 / 90.0, accuracy: 1e-15)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels, scores: scores), 2.0 / 3.0, accuracy: 1e-15)
    }

    func testAllScoresTied() throws {
        // One threshold holding everything: AP = 1 * (2/4) = 0.5; ROC goes (0,0) -> (1,1): 0.5.
        let labels: [Double] = [1, 0, 0, 1]
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels, scores: [0.5, 0.5, 0.5, 0.5]), 0.5)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels, scores: [0.5, 0.5, 0.5, 0.5]), 0.5)
    }

    func testPerfectAndReversedRankings() throws {
        let labels: [Double] = [0, 0, 1, 1]
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels, scores: [0.1, 0.2, 0.8, 0.9]), 1)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels, scores: [0.1, 0.2, 0.8, 0.9]), 1)
        // Reversed: thresholds 0.9 (0,1), 0.8 (0,2), 0.2 (1,2), 0.1 (2,2):
        // AP = 1/2 * 1/3 + 1/2 * 2/4 = 5/12 (sklearn: 0.41666666666666663); AUC = 0.
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels, scores: [0.9, 0.8, 0.2, 0.1]), 5.0 / 12.0, accuracy: 1e-15)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels, scores: [0.9, 0.8, 0.2, 0.1]), 0)
    }

    func testExtremeMagnitudesAndSignedZeroTie() throws {
        let labels: [Double] = [0, 1, 1, 0, 0, 1, 0, 0]
        let scores: [Double] = [-1e300, 3.5, -1.0, -1.0, 1e300, 1e300, 0.0, -0.0]
        // P = 3, N = 5; 0.0 and -0.0 tie. Thresholds: 1e300 (1,1), 3.5 (2,1), 0 (2,3), -1 (3,4), -1e300 (3,5).
        // AP = 1/3 * 1/2 + 1/3 * 2/3 + 1/3 * 3/7 = 67/126; AUC = 1/30 + 8/30 + 5/30 + 6/30 = 2/3.
        // sklearn: AP 0.5317460317460317, AUC 0.6666666666666666
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels, scores: scores), 0.5317460317460317, accuracy: 1e-14)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels, scores: scores), 0.6666666666666666, accuracy: 1e-14)
    }

    func testAgainstScikitLearnRandomCasesWithTies() throws {
        // numpy default_rng(7): 25 samples, scores rounded to one decimal (7 tied values).
        // sklearn 1.9.1: average_precision_score 0.7971752297410192, roc_auc_score 0.8602941176470588
        let labels1: [Double] = [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1]
        let scores1: [Double] = [-0.2, -2.5, -0.5, 0.8, 0.1, -1.5, 0.3, -1.0, -0.8, 1.1, -0.8, 0.8, 1.7, -0.6, -0.1,
                                 0.1, 0.1, -1.2, 0.1, 1.4, -0.7, 1.7, 0.1, 0.2, 2.8]
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels1, scores: scores1), 0.7971752297410192, accuracy: 1e-14)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels1, scores: scores1), 0.8602941176470588, accuracy: 1e-14)

        // numpy default_rng(11): 60 samples, integer scores 0-9 (50 tied values).
        // sklearn 1.9.1: average_precision_score 0.6003110975112199, roc_auc_score 0.7271062271062272
        let labels2: [Double] = [1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1,
                                 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1]
        let scores2: [Double] = [5, 0, 0, 8, 2, 3, 5, 3, 5, 5, 7, 1, 7, 0, 3, 4, 6, 7, 5, 0, 3, 8, 4, 1, 5, 0, 7, 0, 2, 4,
                                 7, 5, 7, 3, 2, 8, 7, 3, 1, 4, 5, 4, 3, 7, 2, 7, 4, 4, 9, 3, 6, 2, 9, 7, 7, 0, 0, 0, 6, 5]
        XCTAssertEqual(try Metrics.averagePrecision(labels: labels2, scores: scores2), 0.6003110975112199, accuracy: 1e-14)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels2, scores: scores2), 0.7271062271062272, accuracy: 1e-14)
    }

    func testInvariantToRowOrderAndMonotoneTransforms() throws {
        let labels: [Double] = [0, 1, 0, 0, 1, 1, 0, 1, 0, 0]
        let scores: [Double] = [0.3, 0.9, 0.3, 0.1, 0.5, 0.3, 0.7, 0.9, 0.2, 0.5]
        let permutation = [7, 2, 9, 0, 4, 1, 8, 3, 6, 5]
        let ap = try Metrics.averagePrecision(labels: labels, scores: scores)
        let auc = try Metrics.rocAUC(labels: labels, scores: scores)
        XCTAssertEqual(try Metrics.averagePrecision(labels: permutation.map { labels[$0] }, scores: permutation.map { scores[$0] }), ap, accuracy: 1e-15)
        XCTAssertEqual(try Metrics.rocAUC(labels: permutation.map { labels[$0] }, scores: permutation.map { scores[$0] }), auc, accuracy: 1e-15)
        XCTAssertEqual(try Metrics.rocAUC(labels: labels, scores: scores.map { 10 * $0 * $0 * $0 - 4 }), auc, accuracy: 1e-15)
    }

    func testErrors() {
        let length = message { _ = try Metrics.averagePrecision(labels: [0, 1], scores: [0.1]) }
        XCTAssertEqual(length, "average precision: 2 labels but 1 scores")
        let onlyInliers = message { _ = try Metrics.rocAUC(labels: [0, 0, 0], scores: [1, 2, 3]) }
        XCTAssertTrue(onlyInliers.contains("ROC AUC") && onlyInliers.contains("no anomaly"), onlyInliers)
        let onlyAnomalies = message { _ = try Metrics.averagePrecision(labels: [1, 1], scores: [1, 2]) }
        XCTAssertTrue(onlyAnomalies.contains("no inlier"), onlyAnomalies)
        let empty = message { _ = try Metrics.rocAUC(labels: [], scores: []) }
        XCTAssertTrue(empty.contains("no samples"), empty)
        let label = message { _ = try Metrics.rocAUC(labels: [0, 2, 1], scores: [1, 2, 3]) }
        XCTAssertTrue(label.contains("label 1") && label.contains("2.0"), label)
        let nan = message { _ = try Metrics.averagePrecision(labels: [0, 1, 1], scores: [1, .nan, 3]) }
        XCTAssertTrue(nan.contains("score 1") && nan.contains("nan"), nan)
        let inf = message { _ = try Metrics.rocAUC(labels: [0, 1, 1], scores: [1, 2, .infinity]) }
        XCTAssertTrue(inf.contains("score 2") && inf.contains("inf"), inf)
    }
}
