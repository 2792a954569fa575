import XCTest
import DashostEstimators
import DashostPluginKit

/// One-class SVM detector against scikit-learn's `OneClassSVM` on a small 2-D set.
final class OCSVMTests: XCTestCase {
    /// Same 24 points as LOFTests (numpy `RandomState(0)`, 4 rows shifted by +3).
    private let train = Matrix(rows: 24, cols: 2, values: LOFTests.X)
    private let queries = Matrix(rows: 5, cols: 2, values: LOFTests.Q)

    private func assertClose(_ got: [Double], _ expected: [Double], _ tol: Double,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, file: file, line: line)
        for (g, e) in zip(got, expected) { XCTAssertEqual(g, e, accuracy: tol, file: file, line: line) }
    }

    /// PyOD defaults (rbf, gamma = 1/d = 0.5, nu = 0.5). Expected: scikit-learn 1.9.1
    /// `OneClassSVM(gamma='auto').fit(X).decision_function(Q)`, 17 support vectors.
    func testDefaultsMatchScikitLearn() throws {
        let det = OneClassSVMDetector()
        try train.withView { try det.fit($0) }
        let expected = [0.051890215074344326, -0.18140066788914466, -0.8888853347828124, -1.7841956847503122,
                        0.052901316449223135]
        assertClose(queries.withView { det.decisionValues($0) }, expected, 1e-7)
        assertClose(queries.withView { det.score($0) }, expected.map { -$0 }, 1e-7)
        XCTAssertEqual(det.supportVectorCount, 17)
    }

    /// Other kernels, same reference: poly (degree 2, coef0 1, gamma auto) and sigmoid
    /// (gamma 0.1, coef0 0.5).
    func testOtherKernelsMatchScikitLearn() throws {
        let poly = OneClassSVMDetector(kernel: .poly, degree: 2, coef0: 1)
        try train.withView { try poly.fit($0) }
        assertClose(queries.withView { poly.decisionValues($0) },
                    [-2.630823016967531, 1.9663401387291959, 14.926808495581499, 61.959919438241364, -1.6278420333589914], 1e-6)
        let sigmoid = OneClassSVMDetector(kernel: .sigmoid, gamma: 0.1, coef0: 0.5)
        try train.withView { try sigmoid.fit($0) }
        assertClose(queries.withView { sigmoid.decisionValues($0) },
                    [0.18264582266478158, 0.7292825915277268, -0.44704235614046883, -0.6034496104662761, 0.519260030734336], 1e-7)
    }

    /// A far point scores higher than the centre of the data; batch equals row-by-row; a refit gives
    /// identical scores.
    func testFarPointScoresHigherBatchEqualsRowByRowAndReproducible() throws {
        let det = OneClassSVMDetector(), again = OneClassSVMDetector()
        try train.withView { try det.fit($0); try again.fit($0) }
        let s = queries.withView { det.score($0) }
        XCTAssertGreaterThan(s[3], s[0]) // (6, -4) is far outside
        XCTAssertEqual(s, queries.withView { again.score($0) })
        for i in 0..<queries.rows {
            let one = Matrix(rows: 1, cols: 2, values: queries.row(i))
            XCTAssertEqual(one.withView { det.score($0) }, [s[i]])
        }
    }

    func testRejectsInvalidNu() {
        let det = OneClassSVMDetector(nu: 1.5)
        XCTAssertThrowsError(try train.withView { try det.fit($0) }) { error in
            XCTAssertTrue("\(error)".contains("nu"), "\(error)")
        }
    }
}
