import DashostCore
import XCTest

/// MATLAB v5 reading through libmatio, on files written byte by byte by `MatTestWriter`.
final class MatReaderTests: XCTestCase {
    private let directory = DataTestDirectory()

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    func testNumericClassesAreConvertedAndReorderedToRowMajor() throws {
        let values: [Double] = [1, 2, 3, 4, 5, 6]  // 2 x 3 row-major
        let classes: [MatTestWriter.Class] = [.double, .single, .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64]
        let path = directory.file("classes.mat", MatTestWriter.mat(classes.enumerated().map { index, type in
            MatTestWriter.Variable(name: "v\(index)", type: type, shape: [2, 3], rowMajor: values)
        }))
        let file = try MatFile(path: path)
        XCTAssertEqual(file.variableNames, classes.indices.map { "v\($0)" })
        for index in classes.indices {
            let array = try file.variable(named: "v\(index)")
            XCTAssertEqual(array.shape, [2, 3], "\(classes[index])")
            XCTAssertEqual(array.values, values, "\(classes[index])")
        }
        XCTAssertEqual(try file.variable(named: "v0").dtype, "double")
        XCTAssertEqual(try file.variable(named: "v3").dtype, "uint8")
    }

    func testODDSLayoutLoadsAsDataset() throws {
        // ODDS files hold X (n x d double) and y (n x 1 double or uint8).
        let x: [Double] = [0.5, -1, 2, 3.25, 4, 5, 6, 7, 8]
        let path = directory.file("odds.mat", MatTestWriter.mat([
            .init(name: "X", type: .double, shape: [3, 3], rowMajor: x),
            .init(name: "y", type: .uint8, shape: [3, 1], rowMajor: [0, 1, 0]),
        ]))
        let data = try DatasetLoader.load(path: path)
        XCTAssertEqual(data.name, "odds")
        XCTAssertEqual(data.features, DataMatrix(rows: 3, cols: 3, values: x))
        XCTAssertEqual(data.labels, [0, 1, 0])
        XCTAssertNil(data.featureNames)

        let logical = directory.file("logical.mat", MatTestWriter.mat([
            .init(name: "X", type: .int16, shape: [2, 1], rowMajor: [-3, 9]),
            .init(name: "y", type: .logical, shape: [1, 2], rowMajor: [1, 0]),
        ]))
        let second = try DatasetLoader.load(path: logical)
        XCTAssertEqual(second.features.values, [-3, 9])
        XCTAssertEqual(second.labels, [1, 0])
    }

    func testMissingVariableListsWhatIsThere() throws {
        let path = directory.file("noy.mat", MatTestWriter.mat([
            .init(name: "X", type: .double, shape: [2, 2], rowMajor: [1, 2, 3, 4]),
            .init(name: "labels", type: .double, shape: [2, 1], rowMajor: [0, 1]),
        ]))
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.contains("noy.mat") && text.contains("missing array 'y'") && text.contains("X, labels"), text)
        // ... and the override picks the other name.
        XCTAssertEqual(try DatasetLoader.load(path: path, label: "labels").labels, [0, 1])
    }

    func testUnsupportedClassesNameTheVariable() throws {
        let path = directory.file("odd.mat", MatTestWriter.mat([
            .init(name: "X", type: .double, shape: [1, 2], rowMajor: [1, 2], complex: true),
            .init(name: "y", type: .char, shape: [1, 2], rowMajor: [65, 66]),
        ]))
        let file = try MatFile(path: path)
        let complex = message { _ = try file.variable(named: "X") }
        XCTAssertTrue(complex.contains("odd.mat") && complex.contains("'X'") && complex.contains("complex double"), complex)
        let char = message { _ = try file.variable(named: "y") }
        XCTAssertTrue(char.contains("odd.mat") && char.contains("'y'") && char.contains("unsupported element type char"), char)
    }

    func testNotAMatFileAndEmptyFile() {
        let junk = directory.file("junk.mat", text: "this is not a MATLAB file at all, just some text that is long enough to be a header" + String(repeating: "!", count: 200))
        let text = message { _ = try DatasetLoader.load(path: junk) }
        XCTAssertTrue(text.contains("junk.mat: corrupt file: not a MATLAB .mat file"), text)
        let empty = directory.file("empty.mat", [])
        let emptyText = message { _ = try DatasetLoader.load(path: empty) }
        XCTAssertTrue(emptyText.contains("empty.mat") && emptyText.contains("empty file"), emptyText)
    }

    func testTruncatedFileIsCaughtBeforeLibmatioReadsGarbage() {
        // libmatio alone returns garbage for the missing bytes of the last variable; MatV5Layout refuses.
        let whole = MatTestWriter.mat([
            .init(name: "X", type: .double, shape: [3, 3], rowMajor: Array(repeating: 1, count: 9)),
            .init(name: "y", type: .double, shape: [3, 1], rowMajor: [0, 0, 1]),
        ])
        for cut in [1, 20, 100] {
            let path = directory.file("cut\(cut).mat", Array(whole.dropLast(cut)))
            let text = message { _ = try DatasetLoader.load(path: path) }
            XCTAssertTrue(text.contains("cut\(cut).mat: corrupt file: truncated MAT file"), text)
        }
    }
}
