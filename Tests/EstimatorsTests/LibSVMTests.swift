import XCTest
import DashostEstimators
import DashostPluginKit

/// The libsvm wrapper: C-SVC and one-class against scikit-learn, label order, support vectors.
final class LibSVMTests: XCTestCase {
    private let X = Matrix(rows: 24, cols: 2, values: LOFTests.X)
    private let Q = Matrix(rows: 5, cols: 2, values: LOFTests.Q)
    /// `x0 + x1 > 1`, first row labelled 1.
    private let y: [Double] = [1, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]

    /// libsvm orders classes by first appearance, so label 1 comes first and decision values are
    /// positive for it, the same sign as scikit-learn's `SVC.decision_function` (positive for
    /// `classes_[1] = 1`). Expected: scikit-learn 1.9.1 SVC(kernel='linear', C=1) and
    /// SVC(kernel='rbf', gamma=0.5, C=10); scikit-learn's libsvm visits rows in a different order, so
    /// the solutions agree to the solver tolerance, not bit for bit.
    func testClassificationMatchesScikitLearn() throws {
        let linear = try X.withView {
            try LibSVMModel(training: $0, labels: y,
                            parameters: LibSVMParameters(type: .classification(C: 1), kernel: .linear))
        }
        XCTAssertEqual(linear.classLabels, [1, 0])
        XCTAssertEqual(linear.supportVectorCount, 7)
        let lin = Q.withView { linear.decisionValues($0) }
        for (g, e) in zip(lin, [-1.58455981311021, 1.6088327729157272, 4.802225358941665, -0.35561605550722986, -0.9533294058003129]) {
            XCTAssertEqual(g, e, accuracy: 1e-2) // stopping at tol 1e-3 on a different path: ~4e-3 apart
        }
        let rbf = try X.withView {
            try LibSVMModel(training: $0, labels: y,
                            parameters: LibSVMParameters(type: .classification(C: 10), kernel: .rbf(gamma: 0.5)))
        }
        XCTAssertEqual(rbf.supportVectorCount, 14)
        let r = Q.withView { rbf.decisionValues($0) }
        for (g, e) in zip(r, [-2.084232200991255, 1.1002444146306942, 0.4624570696629132, -0.03443019479772203, -0.5940241583781678]) {
            XCTAssertEqual(g, e, accuracy: 2e-3)
        }
    }

    /// One-class with a linear kernel (scikit-learn `OneClassSVM(kernel='linear')`): support vector rows
    /// and decision values.
    func testOneClassLinearMatchesScikitLearn() throws {
        let model = try X.withView {
            try LibSVMModel(training: $0, parameters: LibSVMParameters(type: .oneClass(nu: 0.5), kernel: .linear))
        }
        XCTAssertEqual(model.classLabels, [])
        XCTAssertEqual(model.supportVectorIndices.sorted(), [2, 4, 5, 6, 7, 9, 10, 11, 12, 16, 19, 20, 21, 22, 23])
        let got = Q.withView { model.decisionValues($0) }
        let expected = [-6.757762136349822e-05, 8.143659395060453e-05, 0.00023045080926470727,
                        0.00011220127776051857, -5.158988859138237e-05]
        for (g, e) in zip(got, expected) { XCTAssertEqual(g, e, accuracy: 1e-9) }
    }

    /// Rows with zeros are passed sparsely; the kernel must not change: a row with a zero column gets
    /// the same decision value as computed densely by hand from the linear model w = sum coef_i x_i.
    func testZeroEntriesAndClassWeights() throws {
        let params = LibSVMParameters(type: .classification(C: 1, classWeights: [1: 5]), kernel: .linear)
        let model = try X.withView { try LibSVMModel(training: $0, labels: y, parameters: params) }
        let a = Matrix(rows: 1, cols: 2, values: [0, 2]).withView { model.decisionValues($0) }[0]
        let b = Matrix(rows: 1, cols: 2, values: [1e-300, 2]).withView { model.decisionValues($0) }[0]
        XCTAssertEqual(a, b, accuracy: 1e-12)
        XCTAssertEqual(model.classLabels, [1, 0])
    }

    /// The vendored libsvm's threaded one-class kernel columns (columns of at least 4,096 rows) give
    /// the same model as one thread: the helper computes the same values, only elsewhere.
    func testThreadedOneClassTrainingEqualsSingleThreaded() throws {
        var g = SeededGenerator(seed: 7)
        let X = Matrix(rows: 4500, cols: 3, values: (0..<13_500).map { _ in g.nextGaussian() })
        let Q = Matrix(rows: 50, cols: 3, values: (0..<150).map { _ in g.nextGaussian() * 2 })
        var p = LibSVMParameters(type: .oneClass(nu: 0.5), kernel: .rbf(gamma: 1.0 / 3))
        let one = try X.withView { try LibSVMModel(training: $0, parameters: p) }
        p.threads = 2
        let two = try X.withView { try LibSVMModel(training: $0, parameters: p) }
        XCTAssertEqual(one.rho, two.rho)
        XCTAssertEqual(one.supportVectorIndices, two.supportVectorIndices)
        XCTAssertEqual(Q.withView { one.decisionValues($0) }, Q.withView { two.decisionValues($0) })
    }

    func testRejectsBadParametersAndMissingLabels() {
        XCTAssertThrowsError(try X.withView {
            try LibSVMModel(training: $0, parameters: LibSVMParameters(type: .oneClass(nu: 0), kernel: .rbf(gamma: 1)))
        })
        XCTAssertThrowsError(try X.withView {
            try LibSVMModel(training: $0, parameters: LibSVMParameters(type: .classification(C: 1), kernel: .linear))
        })
        XCTAssertThrowsError(try X.withView {
            try LibSVMModel(training: $0, labels: y, parameters: LibSVMParameters(type: .classification(C: -1), kernel: .linear))
        })
    }

    /// Probability estimates (Platt scaling) lie in [0, 1] and rank like the decision values here.
    func testProbabilities() throws {
        srand(1)
        var p = LibSVMParameters(type: .classification(C: 10), kernel: .rbf(gamma: 0.5))
        p.probability = true
        let model = try X.withView { try LibSVMModel(training: $0, labels: y, parameters: p) }
        let prob = Q.withView { model.probabilities($0) }
        XCTAssertTrue(prob.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertGreaterThan(prob[1], prob[0]) // (1.5, 1.5) is class 1, (0, 0) class 0
    }
}
