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

    private let odds: [MatTestWriter.Variable] = [
        .init(name: "X", type: .double, shape: [6, 2], rowMajor: (0..<12).map { Double($0) / 4 - 1 }),
        .init(name: "y", type: .double, shape: [6, 1], rowMajor: [0, 0, 1, 0, 0, 1]),
    ]

    /// The offset of the first (and only) top-level element's payload: right after the 128-byte header.
    private let firstPayload = 128 + 8

    func testACorruptCompressedElementIsAnError() throws {
        var bytes = MatTestWriter.mat(odds, compressed: true)
        let length = Int(bytes[132]) | Int(bytes[133]) << 8
        // The last byte of the first element's zlib stream is part of its Adler-32 checksum.
        bytes[firstPayload + length - 1] ^= 0x01
        let path = directory.file("adler.mat", bytes)
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertEqual(text, "\(path): corrupt file: compressed element 0 at offset 128: the compressed data is damaged (incorrect data check)")
    }

    func testATruncatedZlibStreamIsAnError() throws {
        // The element's tag states the shortened length, so the file itself looks complete.
        let matrix = MatTestWriter.mat([odds[0]])
        let stream = MatTestWriter.zlibCompress(Array(matrix[128...]))
        let cut = Array(stream.prefix(stream.count - 10))
        var bytes = Array(matrix[0..<128])
        bytes += withUnsafeBytes(of: UInt32(15).littleEndian) { Array($0) } + withUnsafeBytes(of: UInt32(cut.count).littleEndian) { Array($0) } + cut
        let path = directory.file("short.mat", bytes)
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertEqual(text, "\(path): corrupt file: compressed element 0 at offset 128: the zlib stream is truncated (it ends before its end marker)")
    }

    func testADataElementOverrunningTheNextIsAnError() throws {
        for compressed in [false, true] {
            var variables = odds
            variables[0].dataLengthDelta = 16
            let path = directory.file("overrun\(compressed).mat", MatTestWriter.mat(variables, compressed: compressed))
            let text = message { _ = try DatasetLoader.load(path: path) }
            let place = compressed ? "compressed element 0 at offset 128" : "element 0 at offset 128"
            XCTAssertEqual(text, "\(path): corrupt file: \(place) (variable 'X'): sub-element 3 declares 112 bytes and overruns the variable's end by 16")
        }
    }

    func testDimensionsLargerThanTheDataAreAnError() throws {
        for compressed in [false, true] {
            var variables = odds
            variables[0].dimsOverride = [9, 2]
            let path = directory.file("dims\(compressed).mat", MatTestWriter.mat(variables, compressed: compressed))
            let text = message { _ = try DatasetLoader.load(path: path) }
            let place = compressed ? "compressed element 0 at offset 128" : "element 0 at offset 128"
            XCTAssertEqual(text, "\(path): corrupt file: \(place) (variable 'X'): dimensions 9 x 2 need 144 data bytes, the element holds 96")
        }
    }

    /// The reader-level corpus for `.mat`: every truncation of a compressed and an uncompressed file, and
    /// every single-byte flip in the first 4 KiB of the compressed one, give the intact arrays or an
    /// error. (An uncompressed file has no checksum: a flipped data byte there is just different data.)
    func testEveryTruncationAndFlipOfACompressedFileGivesTheIntactArraysOrAnError() throws {
        let intact = try DatasetLoader.load(path: directory.file("intact.mat", MatTestWriter.mat(odds, compressed: true)))
        var variants: [(String, [UInt8])] = []
        for compressed in [true, false] {
            let bytes = MatTestWriter.mat(odds, compressed: compressed)
            variants += (0..<bytes.count).map { ("compressed=\(compressed) cut at \($0)", Array(bytes.prefix($0))) }
        }
        let bytes = MatTestWriter.mat(odds, compressed: true)
        for offset in 0..<min(bytes.count, 4096) {
            var flipped = bytes
            flipped[offset] ^= 0xFF
            variants.append(("flip at \(offset)", flipped))
        }
        var errors = 0
        for (name, variant) in variants {
            let path = directory.file("v.mat", variant)
            do {
                let loaded = try DatasetLoader.load(path: path)
                XCTAssertEqual(loaded.features, intact.features, name)
                XCTAssertEqual(loaded.labels, intact.labels, name)
            } catch {
                XCTAssertTrue("\(error)".hasPrefix(path + ": "), "\(name): \(error)")
                errors += 1
            }
        }
        XCTAssertGreaterThan(errors, variants.count / 2)
    }
}
