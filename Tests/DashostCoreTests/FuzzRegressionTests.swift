@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// Inputs that crashed a parser under `scripts/fuzz` (libFuzzer, Tests/Fuzz), kept as bytes: each must
/// now be refused with an error naming the file, never trap, allocate what the bytes merely claim, or
/// read garbage. docs/robustness.md ("Fuzzing") lists each finding and its fix.
final class FuzzRegressionTests: XCTestCase {
    private let directory = DataTestDirectory()

    private func message(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error", file: file, line: line)
        return ""
    }

    // MARK: - npz

    /// npz-memory, crash-b30ec15f... (and npz-stream, crash-889e58f8..., the same input mutated):
    /// member `X.npy` says format 1.0 with a header of 0 bytes. The reader read 12 bytes ahead and then
    /// asked for `length - 2` more bytes: a negative count, a trap. (The fuzzer also changed a byte of
    /// the data, so the error now reported is the member's CRC-32, checked when a header is unreadable.)
    private let npyHeaderLengthZero = """
        UEsDBBQAAAAAAAAAIQCrtXR6oAAAAKAAAAAFAAAAWC5ucHmTTlVNUFkBdgAAeydkZXNjcic6ICc+ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNl\
        LCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCj/wAAAA\
        AAAAQAAAAAAAAABACAAAAAAAAEAQAAAAAAAAUEsDBBQAAAAAAAAAIQBDKDu7hAAAAIQAAAAFAAAAeS5ucHmTTlVNUFkBAHYAeydkZXNjcic6ICc+\
        aTInLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg\
        ICAgICAg1iAgICAgICAgICAgICAgCgAAAAFQSwECFAMUAAAAAAAAACEAq7V0eqAAAACgAAAABQAAAAAAAAAAACUAgAEAAAAAWC5ucHlQSwECFAMU\
        AAAAAP7//97/vNfEu4QAAACEAAAABQAAAAAAAAAAAAAAgAHDAAAAeS5ucHlQSwUGAAAAAAIAAgBmAAAAagEAAAAA
        """

    func testAnNpyHeaderShorterThanItsPrefixIsAnErrorOnBothPaths() throws {
        let bytes = [UInt8](Data(base64Encoded: npyHeaderLengthZero)!)
        let archive = try NpzFile(bytes: bytes, path: "fuzz.npz")
        let whole = message { _ = try archive.array(named: "X") }
        XCTAssertTrue(whole.hasPrefix("fuzz.npz: ") && whole.contains("member 'X.npy': CRC-32 mismatch"), whole)
        let path = directory.file("fuzz.npz", bytes)
        let streamed = message { _ = try NpyRowStream(npz: path, array: "X") }
        XCTAssertTrue(streamed.hasPrefix(path + ": ") && streamed.contains("member 'X.npy': CRC-32 mismatch"), streamed)
        let labels = message { _ = try NpyRowStream.wholeArray(npz: path, array: "y") }
        XCTAssertTrue(labels.hasPrefix(path + ": ") && labels.contains("'y.npy'"), labels)
    }

    /// The same damage made by hand, for every header length below the 12 bytes once read ahead, in a
    /// stored and a deflated member: an error each time, and the intact member still reads.
    func testEveryNpyHeaderLengthBelowTheReadAheadIsAnError() throws {
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [2, 2], rowMajor: [1, 2, 3, 4])
        for deflate in [false, true] {
            XCTAssertEqual(try NpzFile(bytes: ZipTestWriter.npz([("X", npy)], deflate: deflate), path: "ok.npz").array(named: "X").values, [1, 2, 3, 4])
            for length in 0..<4 {
                var damaged = npy
                damaged[8] = UInt8(length)
                damaged[9] = 0
                let text = message { _ = try NpzFile(bytes: ZipTestWriter.npz([("X", damaged)], deflate: deflate), path: "short.npz").array(named: "X") }
                XCTAssertTrue(text.hasPrefix("short.npz: array 'X' is corrupt: unreadable header"), "deflate \(deflate), length \(length): \(text)")
            }
        }
    }

    /// Found while fuzzing the npz readers (an input made by hand to reach what the fuzzer's 8 KB inputs
    /// could claim, reported by the npz-memory target as out-of-memory, malloc(3000000032)): 433 bytes
    /// whose directory states that `y.npy` inflates to 3 GB, which its `.npy` header agrees with. The
    /// reader allocated the stated size before inflating a byte, also for the labels of a streamed
    /// file (read whole). Deflate expands at most 1032:1, so such a size is now refused at once.
    func testAStatedSizeDeflateCannotReachIsRefusedBeforeAllocating() throws {
        let claimed = 3_000_000_000
        let header = NpyTestWriter.npy(descr: "|u1", shape: [1], rowMajor: [0],
                                       headerOverride: "{'descr': '|u1', 'fortran_order': False, 'shape': (\(claimed),), }").dropLast()
        let y = Array(header) + [UInt8](repeating: 0, count: 1000)
        let bytes = ZipTestWriter.zip([
            .init(name: "X.npy", data: NpyTestWriter.npy(descr: "<f8", shape: [2, 2], rowMajor: [1, 2, 3, 4]), deflate: false),
            .init(name: "y.npy", data: y, deflate: true, uncompressedSizeOverride: UInt32(header.count + claimed)),
        ])
        XCTAssertLessThan(bytes.count, 1000)
        let path = directory.file("bomb.npz", bytes)
        let expected = "inflate to \(header.count + claimed), more than deflate can (at most 1032 times): the archive is damaged"
        for text in [message { _ = try NpzFile(bytes: bytes, path: path).array(named: "y") },
                     message { _ = try NpyRowStream.wholeArray(npz: path, array: "y") },
                     message { _ = try DatasetLoader.load(path: path) }] {
            XCTAssertTrue(text.hasPrefix(path + ": corrupt or unsupported zip archive: member 'y.npy': the directory says ") && text.contains(expected), text)
        }
        // A stated size deflate can reach still reads.
        let zeros = NpyTestWriter.npy(descr: "|u1", shape: [200_000], rowMajor: [Double](repeating: 0, count: 200_000))
        let packed = ZipTestWriter.zip([.init(name: "z.npy", data: zeros, deflate: true)])
        XCTAssertEqual(try NpzFile(bytes: packed, path: "zeros.npz").array(named: "z").values.count, 200_000)
    }

    /// Found reading the streaming reader while writing its fuzz target (the fuzzer had not reached it
    /// in its first runs), then reproduced through the npz-stream target: X of shape (0, 2^40) needs no
    /// data bytes, so it passed the size check, and the first chunk sized its row buffer as columns x
    /// element size: 8 TiB (`dashost run` with `chunk_rows` and `split: none` aborted: "failed to
    /// allocate 8796093022240 bytes"), or an overflow trap for (0, 2^61). Read whole, such an array
    /// was already refused ("has no data"); streamed, it is now refused the same way.
    func testAStreamedArrayWithoutRowsOrColumnsIsRefusedBeforeAnyBufferIsSized() throws {
        for shape in [[0, 1 << 40], [0, 1 << 61], [0, 3], [3, 0]] {
            let bytes = ZipTestWriter.npz([("X", NpyTestWriter.npy(descr: "<f8", shape: shape, rowMajor: [])),
                                           ("y", NpyTestWriter.npy(descr: "<f8", shape: [shape[0]], rowMajor: [Double](repeating: 0, count: shape[0])))],
                                          deflate: false)
            let path = directory.file("empty.npz", bytes)
            let streamed = message { _ = try NpyRowStream(npz: path, array: "X") }
            XCTAssertEqual(streamed, "\(path): array 'X' has the wrong shape: shape \(shape) has no data")
            let whole = message { _ = try DatasetLoader.load(path: path) }
            XCTAssertEqual(whole, streamed)
        }
    }

    // MARK: - mat

    /// mat, crash-49c166a0...: 93 bytes that libmatio reads as MAT v4 (no v5 header), whose first
    /// variable claims 196608 x 65444 doubles: libmatio allocated those 100 GB before reading (an
    /// out-of-memory abort under AddressSanitizer). v4 files were not checked at all.
    private let v4HugeClaim = "AAAAAAAAAwCk/wAAJgAAAAIAAABYAAAAAABdAPA/AAAAAAAAAEAAAAAAAAAIQAAAAAAAABBAAFN0cmkAbgAAAABnAQAAAAIAAAB5AAAAAAAAAAAAPQAAAAAAAPA/"

    func testAMatV4VariableClaimingMoreThanTheFileHoldsIsRefusedBeforeLibmatio() {
        let path = directory.file("huge.mat", [UInt8](Data(base64Encoded: v4HugeClaim)!))
        let text = message { _ = try MatFile(path: path) }
        XCTAssertTrue(text.hasPrefix(path + ": corrupt file: truncated MAT file: v4 variable 0 at offset 0"), text)
        XCTAssertTrue(text.contains("(variable 'X') declares 196608 x 65444 complex double values, 205869023232 bytes, only 71 remain"), text)
    }

    /// mat, oom-270886ce... (found after the v4 layout check, in a 300 s run): 92 bytes, a v4 numeric
    /// variable and then a sparse one of 1543503872 rows and 0 columns, so no data bytes. libmatio
    /// sizes a sparse variable's index arrays from its rows: malloc(6174015484). A variable that is not
    /// a numeric array is now refused from its header, before libmatio reads it. (Without AddressSanitizer
    /// the old code gave the same error: Linux grants the untouched 6 GB. The input is also a seed of
    /// the mat fuzz target, where the allocation limit catches a regression.)
    func testASparseVariableIsRefusedBeforeLibmatioReadsIt() throws {
        let bytes = [UInt8](Data(base64Encoded: "AAAAAAIAAAACAAAAAAAAAAIAAAACSW50AAAAARIAAAB5AAAAAEAAAAAAAAAIQAAAAAAAAAAAAgAAAAAAAFwAAAAAAAAAARIAAAB5AAAAAP/////////lAAAA8D8=")!)
        let path = directory.file("sparse.mat", bytes)
        let file = try MatFile(path: path)
        let names = file.variableNames
        XCTAssertEqual(names.count, 2)
        let text = message { _ = try file.variable(named: names[1]) }
        XCTAssertTrue(text.hasPrefix(path + ": ") && text.contains("unsupported element type complex sparse"), text)
    }

    /// mat, crash-58b70f8d... (the 300 s rerun after finding 7): a 264-byte v5 file whose first variable
    /// is a cell array of 3 x 1291845634 elements. Cells hold no numeric data, so the layout check let
    /// it through, and libmatio allocated a slot per cell while listing the file: 31 GB (an
    /// AddressSanitizer out-of-memory). A cell, struct or object array declaring more elements than its
    /// bytes can hold (8 each, the least an element takes) is now refused.
    func testACellArrayDeclaringMoreElementsThanItsBytesIsRefused() {
        let bytes = [UInt8](Data(base64Encoded: "TUFUTEFCIDUuMCBNQVQtZnFsZSwgd3JpdHRlbiBieSBkYXNob3N0IFRlc9VzL0Z1enovbWFrZS1jb3JwdXMgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAAAAAAAAAAAAABSU0OAAAASAAAAAYAAAAIAAAAAQAAAAAAAf4FAAAACAAAAAMAAAACAABNAQABAAAAAAAFAAAAGAAAAAEAAAACAAAAAwAAAAQAAAAFAE0ABgAAAA4AAAAwAAAABgAAAAgAAAACCQAAAAAAAAUAAAAMAAAAAQAAAAMAAAABAAEAeQAAAAIAAwAAAQEA")!)
        let path = directory.file("cells.mat", bytes)
        let text = message { _ = try MatFile(path: path) }
        XCTAssertTrue(text.hasPrefix(path + ": corrupt file: element 0 at offset 128"), text)
        XCTAssertTrue(text.contains("dimensions 3 x 1291845634 declare 3875536902 elements, the variable's 72 bytes hold at most 9"), text)
    }

    /// A v4 file (20-byte variable headers, as MATLAB's `save -v4` writes them) in both byte orders.
    private func v4(_ name: String, rows: Int32, cols: Int32, _ values: [Double], bigEndian: Bool = false, type: Int32 = 0) -> [UInt8] {
        func word(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: bigEndian ? v.bigEndian : v.littleEndian) { Array($0) } }
        let nameBytes = Array(name.utf8) + [0]
        return word(type + (bigEndian ? 1000 : 0)) + word(rows) + word(cols) + word(0) + word(Int32(nameBytes.count)) + nameBytes
            + values.flatMap { v in withUnsafeBytes(of: bigEndian ? v.bitPattern.bigEndian : v.bitPattern.littleEndian) { Array($0) } }
    }

    func testMatV4FilesAreReadAndEveryTruncationIsAnError() throws {
        for bigEndian in [false, true] {
            let bytes = v4("X", rows: 3, cols: 2, [1, 2, 3, 4, 5, 6], bigEndian: bigEndian) + v4("y", rows: 3, cols: 1, [0, 1, 0], bigEndian: bigEndian)
            let data = try DatasetLoader.load(path: directory.file("v4.mat", bytes))
            XCTAssertEqual(data.features, DataMatrix(rows: 3, cols: 2, values: [1, 4, 2, 5, 3, 6]))  // column-major on disk
            XCTAssertEqual(data.labels, [0, 1, 0])
            // Before the check, a cut file read as "missing array 'y' (present: X, y)" or as garbage.
            let xEnd = 20 + 2 + 6 * 8
            for cut in 1..<bytes.count {
                let path = directory.file("cut.mat", Array(bytes.prefix(cut)))
                let text = message { _ = try DatasetLoader.load(path: path) }
                let expected = cut == xEnd ? ": missing array 'y' (present: X)" : ": corrupt file: "
                XCTAssertTrue(text.hasPrefix(path + expected), "big-endian \(bigEndian), cut at \(cut): \(text)")
            }
            let path = directory.file("cut.mat", Array(bytes.dropLast(8)))
            let text = message { _ = try DatasetLoader.load(path: path) }
            XCTAssertTrue(text.contains("truncated MAT file: v4 variable 1 at offset 70 (variable 'y') declares 3 x 1 double values, 24 bytes, only 16 remain"), text)
        }
    }

    /// A v5 file whose header text is not "MATLAB 5.0" is still v5 to libmatio (it reads the version and
    /// endian indicator at bytes 124-127); the layout check used to skip it, so a cut file gave garbage.
    func testAV5FileIsCheckedWhateverItsHeaderTextSays() {
        var bytes = MatTestWriter.mat([
            .init(name: "X", type: .double, shape: [3, 2], rowMajor: [1, 2, 3, 4, 5, 6]),
            .init(name: "y", type: .double, shape: [3, 1], rowMajor: [0, 1, 0]),
        ])
        bytes.replaceSubrange(0..<10, with: Array("Octave-1.0".utf8))
        let path = directory.file("text.mat", Array(bytes.dropLast(8)))
        let text = message { _ = try DatasetLoader.load(path: path) }
        XCTAssertTrue(text.hasPrefix(path + ": corrupt file: truncated MAT file: element 1"), text)
    }

    /// v5 dimensions whose product fits an Int but whose byte count (times 8 for doubles) does not: the
    /// size check itself overflowed, a trap.
    func testV5DimensionsWhoseByteCountOverflowsAreAnError() {
        func element(_ type: UInt32, _ payload: [UInt8]) -> [UInt8] {
            func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
            return u32(type) + u32(UInt32(payload.count)) + payload + [UInt8](repeating: 0, count: (8 - payload.count % 8) % 8)
        }
        func i32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let body = element(6, i32(6) + i32(0)) + element(5, i32(Int32.max) + i32(Int32.max) + i32(2)) + element(1, Array("X".utf8)) + element(9, [UInt8](repeating: 0, count: 8))
        var header = Array("MATLAB 5.0 MAT-file".utf8)
        header += [UInt8](repeating: 0x20, count: 116 - header.count) + [UInt8](repeating: 0, count: 8) + [0x00, 0x01, UInt8(ascii: "I"), UInt8(ascii: "M")]
        let path = directory.file("overflow.mat", header + element(14, body))
        let text = message { _ = try MatFile(path: path) }
        XCTAssertTrue(text.contains("(variable 'X'): dimensions 2147483647 x 2147483647 x 2 need more than Int.max data bytes"), text)
    }
}
