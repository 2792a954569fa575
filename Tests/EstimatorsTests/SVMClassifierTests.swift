import DashostEstimators
import DashostPluginKit
import XCTest

/// The SVM classifier against scikit-learn 1.9 `SVC(probability=True)` on a toy set.
final class SVMClassifierTests: XCTestCase {
    // RandomState(7): 30 normals N(0, 1) in 2-D, 12 anomalies on a ring of radius 2.5 (+ N(0, 0.3)),
    // rounded to 3 decimals; labels 0 then 1.
    private let toy: [Double] = [1.691, -0.466, 0.033, 0.408, -0.789, 0.002, -0.001, -1.755, 1.018, 0.6, -0.625, -0.172, 0.505, -0.261, -0.243, -1.453, 0.555, 0.124, 0.274, -1.527, 1.651, 0.154, -0.387, 2.029, -0.045, -1.451, -0.405, -2.288, 1.049, -0.416, -0.743, 1.072, -1.651, 0.535, -2.064, -0.662, -1.204, 1.462, 1.766, -0.329, 0.841, -0.18, 0.568, -0.753, -1.708, -1.803, 0.383, 2.248, 0.269, -0.525, 1.912, 0.237, 0.101, 0.253, -0.132, -0.309, -1.435, 0.502, -0.095, 1.193, 1.808, -2.183, 1.731, 2.266, -0.451, 2.268, -2.333, 0.797, -0.186, -3.03, -2.294, 0.491, 1.756, 1.618, -1.445, 1.903, -1.217, 2.621, -0.32, 2.576, 1.43, 2.359, -2.155, 1.251]
    private var labels: [Double] { [Double](repeating: 0, count: 30) + [Double](repeating: 1, count: 12) }
    private let queries: [Double] = [0, 0, 1, 0, 2, 0, 2.5, 0, 0, -3, 1.5, 1.5, -0.5, 0.5, 3, 3]
    /// `SVC(probability=True, random_state=0).fit(X, y)`: decision_function and predict_proba[:, 1].
    private let skDecision = [-1.887168, -1.389901, -0.885862, -0.650002, 0.136299, 0.301449, -1.700164, 0.754169]
    private let skProbability = [0.0333, 0.0789, 0.1819, 0.2579, 0.6073, 0.6778, 0.0471, 0.8322]
    /// Smallest and largest predict_proba[:, 1] over random_state 0..<20: scikit-learn's own spread,
    /// which comes only from the folds of libsvm's internal Platt cross-validation.
    private let skProbabilityMin = [0.0065, 0.0261, 0.0967, 0.1622, 0.5278, 0.6052, 0.0110, 0.7819]
    private let skProbabilityMax = [0.0357, 0.0805, 0.1843, 0.2644, 0.6499, 0.7464, 0.0497, 0.9125]

    private func fit(seed: UInt64 = 1) throws -> SVMClassifierModel {
        try Matrix(rows: 42, cols: 2, values: toy).withView { try SVMClassifierModel(training: $0, labels: labels, seed: seed) }
    }

    func testGammaScaleIsOneOverFeaturesTimesVariance() throws {
        XCTAssertEqual(try fit().gamma, 0.28174404764339767, accuracy: 1e-14)
        XCTAssertEqual(Matrix(rows: 2, cols: 3, repeating: 4).withView { SVMGamma.scale.resolve($0) }, 1)
        XCTAssertEqual(Matrix(rows: 2, cols: 4, repeating: 4).withView { SVMGamma.auto.resolve($0) }, 0.25)
    }

    func testDecisionValuesMatchScikitLearn() throws {
        let model = try fit()
        let sign: Double = model.model.classLabels.first == 1 ? 1 : -1
        let values = Matrix(rows: 8, cols: 2, values: queries).withView { model.model.decisionValues($0) }
        for (a, b) in zip(values, skDecision) { XCTAssertEqual(sign * a, b, accuracy: 1e-4) }
    }

    func testPlattProbabilitiesAreWithinScikitLearnsSpread() throws {
        // Platt's sigmoid is fitted on an internal 5-fold CV whose folds differ from scikit-learn's
        // (its own seeded RNG vs C rand()), so compare with the spread of scikit-learn's seeds.
        for seed: UInt64 in [1, 2, 3] {
            let p = try Matrix(rows: 8, cols: 2, values: queries).withView { try fit(seed: seed).probability($0) }
            for i in 0..<8 {
                XCTAssertGreaterThanOrEqual(p[i], skProbabilityMin[i] - 0.02, "query \(i), seed \(seed)")
                XCTAssertLessThanOrEqual(p[i], skProbabilityMax[i] + 0.02, "query \(i), seed \(seed)")
                XCTAssertEqual(p[i], skProbability[i], accuracy: 0.1)
            }
        }
    }

    func testReproducibleFromSeed() throws {
        let q = Matrix(rows: 8, cols: 2, values: queries)
        let a = try q.withView { try fit(seed: 3).probability($0) }
        let b = try q.withView { try fit(seed: 3).probability($0) }
        XCTAssertEqual(a, b)
    }

    func testHeldOutProbabilitiesByCrossFitting() throws {
        let labels = self.labels
        let a = try Matrix(rows: 42, cols: 2, values: toy).withView { try SVMClassifierModel.heldOutProbability($0, labels: labels, seed: 5) }
        let b = try Matrix(rows: 42, cols: 2, values: toy).withView { try SVMClassifierModel.heldOutProbability($0, labels: labels, seed: 5) }
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 42)
        XCTAssert(a.allSatisfy { $0 >= 0 && $0 <= 1 })
        let normalMean = a[0..<30].reduce(0, +) / 30, anomalyMean = a[30..<42].reduce(0, +) / 12
        XCTAssertLessThan(normalMean, 0.25)
        XCTAssertGreaterThan(anomalyMean, 0.5)
    }
}
