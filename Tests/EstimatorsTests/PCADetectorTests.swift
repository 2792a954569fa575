import DashostEstimators
import DashostPluginKit
import XCTest

final class PCADetectorTests: XCTestCase {
    private func fit(_ values: [Double], cols: Int, _ model: PCAOutlierDetector = PCAOutlierDetector()) throws
        -> PCAOutlierDetector {
        var m = model
        try Matrix(rows: values.count / cols, cols: cols, values: values).withView { try m.fit($0) }
        return m
    }

    private func scores(_ m: PCAOutlierDetector, _ values: [Double], cols: Int) -> [Double] {
        Matrix(rows: values.count / cols, cols: cols, values: values).withView { m.score($0) }
    }

    func testKnownEigenStructureWithoutStandardisation() throws {
        // Axes e1 (ratio 0.9) and e2 (ratio 0.1): score = |x - e1| / 0.9 + |x - e2| / 0.1.
        let m = try fit([3, 0, -3, 0, 0, 1, 0, -1], cols: 2, PCAOutlierDetector(standardize: false))
        XCTAssertEqual(m.ratios[0], 0.9, accuracy: 1e-12)
        XCTAssertEqual(m.ratios[1], 0.1, accuracy: 1e-12)
        XCTAssertEqual(m.axes, [1, 0, 0, 1])
        let s = scores(m, [0, 0, 1, 1, 0, 2], cols: 2)
        // PyOD PCA(standardization=False): [11.111..., 11.111..., 12.484519974999767]
        XCTAssertEqual(s[0], 1 / 0.9 + 1 / 0.1, accuracy: 1e-9)
        XCTAssertEqual(s[1], 1 / 0.9 + 1 / 0.1, accuracy: 1e-9)
        XCTAssertEqual(s[2], 5.0.squareRoot() / 0.9 + 1 / 0.1, accuracy: 1e-9)
        XCTAssertEqual(s[2], 12.484519974999767, accuracy: 1e-9)
    }

    /// 8 rows of 3 features on which PyOD's PCA() was run.
    private static let pyodRows: [Double] = [3.53, 1.28, 0.32, 4.48, 2.99, 0.36, 1.9, 0.32, -0.07, 0.82, 0.35, 0.33,
                                             1.52, 0.5, 0.13, 0.67, 1.66, 0.41, 0.63, -0.7, -0.77, 1.31, 1.19, 0.11]

    /// Checks `m` against PyOD PCA() fitted on `pyodRows`: its sklearn PCA's ratios and components, and
    /// PyOD's scores of three rows.
    private func assertMatchesPyODFixture(_ m: PCAOutlierDetector, file: StaticString = #filePath, line: UInt = #line) {
        let ratios = [0.7442252484210546, 0.20468892021566104, 0.05108583136328433]
        for (a, b) in zip(m.ratios, ratios) { XCTAssertEqual(a, b, accuracy: 1e-12, file: file, line: line) }
        let axes = [0.5370577097609396, 0.6379919736550118, 0.5518471327624318,
                    0.7320906965602504, -0.02752337743339648, -0.6806509205933585,
                    -0.41906112727889944, 0.7695509763793699, -0.48184963044221246]
        for (a, b) in zip(m.axes, axes) { XCTAssertEqual(a, b, accuracy: 1e-10, file: file, line: line) }
        let s = scores(m, [0, 0, 0, 1, -1, 0.5, 3, 2, -1], cols: 3)
        let pyod = [53.41551691724429, 78.76469641040248, 73.72146969541626]
        for (a, b) in zip(s, pyod) { XCTAssertEqual(a, b, accuracy: 1e-9 * b, file: file, line: line) }
    }

    func testMatchesPyODWithStandardisation() throws {
        assertMatchesPyODFixture(try fit(Self.pyodRows, cols: 3))
    }

    /// From 8,192 rows the QR is split in two halves factored on two cores (TSQR). The PyOD rows
    /// repeated 1,250 times have the same moments, so the same axes, ratios and PyOD scores.
    func testSplitQROnTallDataMatchesPyOD() throws {
        assertMatchesPyODFixture(try fit(Array([[Double]](repeating: Self.pyodRows, count: 1250).joined()), cols: 3))

        // Random data: 4,100 rows (one QR) against the same rows twice (split; duplicating rows keeps
        // the moments), and against the rows in reverse order (split into other halves, so a split
        // that dropped either half's factor would differ).
        var g = SeededGenerator(seed: 61)
        let rows = 8200, cols = 5
        let values = (0..<(rows * cols)).map { i in g.nextGaussian() * Double(1 + i % cols) }
        var reversed: [Double] = []
        for r in stride(from: rows - 1, through: 0, by: -1) { reversed += values[(r * cols)..<((r + 1) * cols)] }
        let a = try fit(values, cols: cols), b = try fit(reversed, cols: cols)
        let half = Array(values[0..<(rows / 2 * cols)])
        let single = try fit(half, cols: cols), doubled = try fit(half + half, cols: cols)
        for (x, y) in zip(a.ratios, b.ratios) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        for (x, y) in zip(a.axes, b.axes) { XCTAssertEqual(x, y, accuracy: 1e-9) }
        for (x, y) in zip(single.ratios, doubled.ratios) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        for (x, y) in zip(single.axes, doubled.axes) { XCTAssertEqual(x, y, accuracy: 1e-9) }
        XCTAssertEqual(a.ratios.count, cols)
    }

    func testZeroVarianceAxesAreDroppedNotInfinite() throws {
        // Fewer rows than columns plus a constant column: PyOD would divide by ratios of 0.
        let X: [Double] = [1, 5, 2, 0, 7,
                           2, 5, 1, 1, 3,
                           0, 5, 4, 3, 1]
        let m = try fit(X, cols: 5)
        XCTAssertEqual(m.axisCount, 2)  // centred 3 rows have rank 2
        XCTAssertEqual(m.ratios.reduce(0, +), 1, accuracy: 1e-12)
        let s = scores(m, X + [9, 5, -3, 2, 2, 1, 6, 2, 0, 7], cols: 5)
        XCTAssert(s.allSatisfy { $0.isFinite })
        // The constant column is only centred (scale 1): dropping it changes nothing for rows that
        // share its value, since its axis is the one dropped.
        let without = try fit([1, 2, 0, 7, 2, 1, 1, 3, 0, 4, 3, 1], cols: 4)
        let s2 = scores(without, [1, 2, 0, 7, 9, -3, 2, 2], cols: 4)
        XCTAssertEqual(s[0], s2[0], accuracy: 1e-9 * s2[0])
        XCTAssertEqual(s[3], s2[1], accuracy: 1e-9 * s2[1])
        XCTAssertGreaterThan(s[4], s[0])  // off the constant value: farther from the training mean
    }

    func testIdenticalRowsFallBackToDistanceFromMean() throws {
        let m = try fit([2, 3, 2, 3, 2, 3], cols: 2)
        XCTAssertEqual(m.axisCount, 0)
        XCTAssertEqual(scores(m, [2, 3, 5, 7], cols: 2), [0, 5])
    }

    func testSelectedComponentsAreTheSmallest() throws {
        let X: [Double] = [3.53, 1.28, 0.32, 4.48, 2.99, 0.36, 1.9, 0.32, -0.07, 0.82, 0.35, 0.33]
        let all = try fit(X, cols: 3)
        let last = try fit(X, cols: 3, PCAOutlierDetector(selectedComponents: 1))
        XCTAssertEqual(last.axisCount, 1)
        XCTAssertEqual(Array(all.axes[6..<9]), last.axes)
        XCTAssertEqual(last.ratios[0], all.ratios[2])
    }

    func testBatchEqualsRowByRow() throws {
        var g = SeededGenerator(seed: 11)
        let X = (0..<(200 * 4)).map { _ in g.nextGaussian() }
        let m = try fit(X, cols: 4)
        let batch = scores(m, X, cols: 4)
        for i in stride(from: 0, to: 200, by: 7) {
            XCTAssertEqual(scores(m, Array(X[(4 * i)..<(4 * i + 4)]), cols: 4)[0], batch[i])
        }
    }
}
