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
        XCTAssertEqual(det.supportVectorCount, 17)
        // Default RBF score: -log(rho + decision), i.e. -log of the kernel sum.
        XCTAssertTrue(det.scoresLogKernelSum)
        assertClose(queries.withView { det.score($0) }, expected.map { -log(det.rho + $0) }, 1e-7)
        // PyOD's own scale on request.
        let pyod = OneClassSVMDetector(scoreScale: .decision)
        try train.withView { try pyod.fit($0) }
        assertClose(queries.withView { pyod.score($0) }, expected.map { -$0 }, 1e-7)
    }

    /// The log scale ranks exactly as PyOD's score, with its ties, and where the kernel saturates it
    /// spreads out far rows whose PyOD scores differ by less than 1e-5.
    func testLogKernelSumKeepsPyODRankingAndResolvesSaturation() throws {
        // gamma = 0.5; squared distance to the nearest training row (4.87, 2.02) about 30 and 60, so
        // kernel sums near 3e-7 and 1e-13; then 2,000 and 1e12, where the sum is 0 to rounding.
        let far = Matrix(rows: 4, cols: 2, values: [10.35, 2.02, 12.62, 2.02, 50, 0, 1e6, 0])
        let logScale = OneClassSVMDetector(), pyod = OneClassSVMDetector(scoreScale: .decision)
        try train.withView { try logScale.fit($0); try pyod.fit($0) }
        let a = far.withView { logScale.score($0) }, b = far.withView { pyod.score($0) }
        XCTAssertLessThan(b[0], b[1])
        XCTAssertLessThan(b[1] - b[0], 1e-5)
        XCTAssertEqual(b[2], pyod.rho)
        XCTAssertEqual(b[3], pyod.rho)
        XCTAssertGreaterThan(a[1] - a[0], 10)
        XCTAssertLessThan(a[1], a[2])
        XCTAssertEqual(a[2], a[3])
        XCTAssertEqual(a[3], -log(Double.leastNonzeroMagnitude), accuracy: 1e-9)
        // Ordinary rows: the same order as PyOD's.
        let q = queries.withView { logScale.score($0) }, p = queries.withView { pyod.score($0) }
        for i in 0..<q.count { for j in 0..<q.count where p[i] < p[j] { XCTAssertLessThan(q[i], q[j]) } }
    }

    func testLogKernelSumNeedsRBF() {
        let det = OneClassSVMDetector(kernel: .linear, scoreScale: .logKernelSum)
        XCTAssertThrowsError(try train.withView { try det.fit($0) }) { error in
            XCTAssertTrue("\(error)".contains("log_kernel_sum"), "\(error)")
        }
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
