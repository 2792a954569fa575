import DashostCore
import XCTest

/// `DatasetLoader`: dispatch on extension and the checks on X and y, on `.npz` files made by the tests.
final class DatasetLoaderTests: XCTestCase {
    private let directory = DataTestDirectory()
    private let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]  // 4 x 2

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    private func npz(_ name: String, _ arrays: [(String, [UInt8])], deflate: Bool = true) -> String {
        directory.file(name, ZipTestWriter.npz(arrays, deflate: deflate))
    }

    private func npy(_ descr: String, _ shape: [Int], _ values: [Double], fortran: Bool = false) -> [UInt8] {
        NpyTestWriter.npy(descr: descr, shape: shape, rowMajor: values, fortran: fortran)
    }

    func testLoadsNpzLikeTheBenchmarkFiles() throws {
        // The benchmark files hold a Fortran-ordered float64 X and an int y.
        let path = npz("Bench.NPZ", [("X", npy("<f8", [4, 2], x, fortran: true)), ("y", npy("<i4", [4], [0, 1, 0, 1]))])
        let data = try DatasetLoader.load(path: path)
        XCTAssertEqual(data.name, "Bench")
        XCTAssertEqual(data.features, DataMatrix(rows: 4, cols: 2, values: x))
        XCTAssertEqual(data.labels, [0, 1, 0, 1])
        XCTAssertEqual(data.anomalyCount, 2)
        XCTAssertEqual(data.rowCount, 4)
        XCTAssertEqual(data.featureCount, 2)
    }

    func testArrayNamesCanBeOverridden() throws {
        let path = npz("names.npz", [("data", npy("<f8", [4, 2], x)), ("target", npy("|b1", [4], [1, 0, 0, 0]))])
        let data = try DatasetLoader.load(path: path, label: "target", featuresArray: "data")
        XCTAssertEqual(data.labels, [1, 0, 0, 0])
        let data2 = try DatasetLoader.load(path: path, featuresArray: "data", labelsArray: "target")
        XCTAssertEqual(data2, data)
    }

    func testLabelsAsColumnOrRowVector() throws {
        for shape in [[4, 1], [1, 4]] {
            let path = npz("col.npz", [("X", npy("<f8", [4, 2], x)), ("y", npy("<f8", shape, [0, 0, 1, 0]))])
            XCTAssertEqual(try DatasetLoader.load(path: path).labels, [0, 0, 1, 0])
        }
    }

    func testMissingFile() {
        for name in ["nothere.npz", "nothere.mat", "nothere.csv", "nothere.txt"] {
            let path = directory.path + "/" + name
            let text = message { _ = try DatasetLoader.load(path: path) }
            XCTAssertEqual(text, "\(path): no such file")
        }
    }

    func testUnknownExtension() {
        let path = directory.file("table.parquet", text: "x")
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.contains("table.parquet") && text.contains("'.parquet'") && text.contains(".npz, .mat or .csv"), text)
        let bare = directory.file("README", text: "x")
        XCTAssertTrue(message { _ = try DatasetLoader.load(path: bare) }.contains("no extension"))
    }

    func testEmptyNpz() {
        let path = directory.file("empty.npz", [])
        XCTAssertEqual(message { _ = try DatasetLoader.load(path: path) }, "\(path): empty file (0 bytes)")
    }

    func testMissingXOrY() {
        let noY = npz("noy.npz", [("X", npy("<f8", [4, 2], x))])
        let text = message { _ = try DatasetLoader.load(path: noY) }
        XCTAssertTrue(text.contains("noy.npz") && text.contains("missing array 'y'") && text.contains("present: X"), text)
        let noX = npz("nox.npz", [("features", npy("<f8", [4, 2], x)), ("y", npy("<i8", [4], [0, 0, 0, 1]))])
        let textX = message { _ = try DatasetLoader.load(path: noX) }
        XCTAssertTrue(textX.contains("nox.npz") && textX.contains("missing array 'X'") && textX.contains("features, y"), textX)
    }

    func testWrongShapes() {
        let flat = npz("flat.npz", [("X", npy("<f8", [8], x)), ("y", npy("<i8", [8], [0, 0, 0, 0, 0, 0, 0, 1]))])
        let text = message { _ = try DatasetLoader.load(path: flat) }
        XCTAssertTrue(text.contains("flat.npz") && text.contains("'X'") && text.contains("2-D") && text.contains("[8]"), text)

        let short = npz("short.npz", [("X", npy("<f8", [4, 2], x)), ("y", npy("<i8", [3], [0, 0, 1]))])
        let shortText = message { _ = try DatasetLoader.load(path: short) }
        XCTAssertTrue(shortText.contains("short.npz") && shortText.contains("'y'") && shortText.contains("expected 4 labels")
                      && shortText.contains("[3]"), shortText)

        let matrixY = npz("my.npz", [("X", npy("<f8", [4, 2], x)), ("y", npy("<i8", [2, 2], [0, 0, 1, 0]))])
        XCTAssertTrue(message { _ = try DatasetLoader.load(path: matrixY) }.contains("'y' has the wrong shape"))

        let noRows = npz("norows.npz", [("X", npy("<f8", [0, 2], [])), ("y", npy("<i8", [0], []))])
        let noRowsText = message { _ = try DatasetLoader.load(path: noRows) }
        XCTAssertTrue(noRowsText.contains("norows.npz") && noRowsText.contains("'X'") && noRowsText.contains("no data"), noRowsText)
    }

    func testNonFiniteValueNamesRowAndColumn() {
        var values = x
        values[5] = .infinity  // row 2, column 1
        let path = npz("inf.npz", [("X", npy("<f8", [4, 2], values, fortran: true)), ("y", npy("<i8", [4], [0, 0, 0, 1]))])
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertEqual(text, "\(path): non-finite value inf in 'X' at row 2, column 1 (0-based)")
    }

    func testLabelsNotBinary() {
        let path = npz("ylab.npz", [("X", npy("<f8", [4, 2], x)), ("y", npy("<i8", [4], [0, 1, -1, 0]))])
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.contains("ylab.npz") && text.contains("'y'") && text.contains("row 2") && text.contains("-1.0"), text)
    }

    func testCorruptArchiveAndUnsupportedDtypeThroughTheLoader() {
        let junk = directory.file("junk.npz", text: "definitely not a zip archive, but long enough to look")
        let text = message { _ = try DatasetLoader.load(path: junk) }
        XCTAssertTrue(text.contains("junk.npz") && text.contains("corrupt or unsupported zip archive"), text)

        let header = "{'descr': '<c16', 'fortran_order': False, 'shape': (4, 2), }"
        let complex = NpyTestWriter.npy(descr: "<c16", shape: [4, 2], rowMajor: x, headerOverride: header)
        let path = npz("cplx.npz", [("X", complex), ("y", npy("<i8", [4], [0, 0, 0, 1]))])
        let cText = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(cText.contains("cplx.npz") && cText.contains("'X'") && cText.contains("unsupported element type <c16"), cText)
    }

    func testDirectoriesFIFOsAndDevicesAreRefusedByType() throws {
        for ext in ["npz", "mat", "csv", "txt"] {
            let folder = directory.path + "/folder." + ext
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let text = message { _ = try DatasetLoader.load(path: folder) }
            XCTAssertEqual(text, "\(folder): is a directory, not a data file (give the path of a regular file)")

            // A FIFO must not block the reader: it is refused before it is opened for reading.
            let fifo = directory.path + "/pipe." + ext
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let fifoText = message { _ = try DatasetLoader.load(path: fifo) }
            XCTAssertEqual(fifoText, "\(fifo): is a FIFO (named pipe), not a data file (give the path of a regular file)")
        }
        let device = message { _ = try DatasetLoader.load(path: "/dev/null") }
        XCTAssertEqual(device, "/dev/null: is a character device, not a data file (give the path of a regular file)")
        let streamed = message { _ = try NpyRowStream(npz: directory.path + "/pipe.npz", array: "X") }
        XCTAssertTrue(streamed.contains("is a FIFO (named pipe)"), streamed)
        XCTAssertNil(DatasetLoader.defaultChunkRows(path: directory.path + "/pipe.npz"))
    }
}
