import DashostCore
import XCTest

/// `.npz` / `.npy` reading on archives built byte by byte by `ZipTestWriter` / `NpyTestWriter`.
final class NpzReaderTests: XCTestCase {
    private let matrix: [Double] = [1, 2, 3, 4, 5, 6]  // 2 x 3, row-major

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    func testEveryDtypeBothByteOrdersStoredAndDeflated() throws {
        let signed: [Double] = [-5, 1, 100, -7]
        let cases: [(String, [Double])] = [
            ("<f8", [-1.5, 0.25, 1e300, 3]), (">f8", [-1.5, 0.25, 1e300, 3]),
            ("<f4", [-1.5, 0.25, 1024, 3]), (">f4", [-1.5, 0.25, 1024, 3]),
            ("<i8", [-1_099_511_627_776, 1, 100, -7]), (">i8", [-1_099_511_627_776, 1, 100, -7]),
            ("<i4", signed), (">i4", signed), ("<i2", signed), (">i2", signed), ("|i1", signed),
            ("|u1", [0, 1, 255, 7]), ("<u2", [0, 1, 65535, 7]), (">u2", [0, 1, 65535, 7]),
            ("<u4", [0, 1, 4_000_000_000, 7]), (">u4", [0, 1, 4_000_000_000, 7]),
            ("<u8", [0, 1, 1e15, 7]), (">u8", [0, 1, 1e15, 7]),
            ("|b1", [0, 1, 1, 0]),
        ]
        for deflate in [false, true] {
            for (descr, expected) in cases {
                let npy = NpyTestWriter.npy(descr: descr, shape: [2, 2], rowMajor: expected)
                let file = try NpzFile(bytes: ZipTestWriter.npz([("a", npy)], deflate: deflate), path: "t.npz")
                let array = try file.array(named: "a")
                XCTAssertEqual(array.shape, [2, 2], descr)
                XCTAssertEqual(array.values, expected, "\(descr) deflate=\(deflate)")
                XCTAssertEqual(array.dtype, descr)
            }
        }
    }

    func testFortranOrderIsReorderedToRowMajor() throws {
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [2, 3], rowMajor: matrix, fortran: true)
        // Sanity: the file really holds column-major data (1, 4, 2, 5, 3, 6).
        let firstTwo = npy.suffix(48).prefix(16)
        XCTAssertEqual(Array(firstTwo), NpyTestWriter.encode(1, descr: "<f8") + NpyTestWriter.encode(4, descr: "<f8"))
        let array = try NpzFile(bytes: ZipTestWriter.npz([("X", npy)], deflate: true), path: "t.npz").array(named: "X")
        XCTAssertEqual(array.shape, [2, 3])
        XCTAssertEqual(array.values, matrix)
    }

    func testFortranOrderThreeDimensional() throws {
        // shape (2, 2, 2): C order values 0...7; Fortran layout puts index (i, j, k) at i + 2j + 4k.
        var fortran = [Double](repeating: 0, count: 8)
        for i in 0..<2 { for j in 0..<2 { for k in 0..<2 { fortran[i + 2 * j + 4 * k] = Double(4 * i + 2 * j + k) } } }
        let header = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }"
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [8], rowMajor: fortran, headerOverride: header)
        let array = try NumericArray(npyBytes: npy, path: "t.npy", name: "a")
        XCTAssertEqual(array.shape, [2, 2, 2])
        XCTAssertEqual(array.values, (0..<8).map(Double.init))
    }

    func testHeaderVersions2And3AndDoubleQuotesAndKeyOrder() throws {
        for version: UInt8 in [1, 2, 3] {
            let npy = NpyTestWriter.npy(descr: "<i4", shape: [2, 3], rowMajor: matrix, version: version)
            XCTAssertEqual(try NumericArray(npyBytes: npy, path: "t", name: "a").values, matrix, "v\(version)")
        }
        let header = "{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"<f8\"}"
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [3], rowMajor: [1, 2, 3], headerOverride: header)
        let array = try NumericArray(npyBytes: npy, path: "t", name: "a")
        XCTAssertEqual(array.shape, [3])
        XCTAssertEqual(array.values, [1, 2, 3])
    }

    func testArrayNamesAndLookup() throws {
        let x = NpyTestWriter.npy(descr: "<f8", shape: [2, 3], rowMajor: matrix)
        let y = NpyTestWriter.npy(descr: "<i8", shape: [2], rowMajor: [0, 1])
        let file = try NpzFile(bytes: ZipTestWriter.npz([("X", x), ("y", y)], deflate: false), path: "t.npz")
        XCTAssertEqual(file.arrayNames, ["X", "y"])
        XCTAssertEqual(try file.array(named: "y").values, [0, 1])
        let text = message { _ = try file.array(named: "labels") }
        XCTAssertTrue(text.contains("t.npz") && text.contains("'labels'") && text.contains("X, y"), text)
    }

    func testCRCMismatchIsReported() {
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [2, 3], rowMajor: matrix)
        for deflate in [false, true] {
            let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: npy, deflate: deflate, crcOverride: 0xDEAD_BEEF)])
            let text = message { _ = try NpzFile(bytes: bytes, path: "bad.npz").array(named: "X") }
            XCTAssertTrue(text.contains("bad.npz") && text.contains("X.npy") && text.contains("CRC-32 mismatch"), text)
            XCTAssertTrue(text.contains("0xdeadbeef"), text)
        }
    }

    func testDamagedDeflateStreamIsReported() throws {
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [20, 3], rowMajor: (0..<60).map(Double.init))
        var bytes = ZipTestWriter.npz([("X", npy)], deflate: true)
        // Overwrite the middle of the compressed payload (local header is 30 + 5 bytes long).
        for i in 40..<60 { bytes[i] = 0xFF }
        let text = message { _ = try NpzFile(bytes: bytes, path: "bad.npz").array(named: "X") }
        XCTAssertTrue(text.contains("bad.npz") && text.contains("X.npy"), text)
    }

    func testNotAZipAndTruncatedArchives() throws {
        let text = message { _ = try NpzFile(bytes: Array("hello, this is not a zip archive".utf8), path: "plain.npz") }
        XCTAssertTrue(text.contains("plain.npz") && text.contains("end-of-central-directory"), text)

        let good = ZipTestWriter.npz([("X", NpyTestWriter.npy(descr: "<f8", shape: [2, 3], rowMajor: matrix))], deflate: false)
        let truncated = Array(good.prefix(good.count - 30))
        let text2 = message { _ = try NpzFile(bytes: truncated, path: "cut.npz") }
        XCTAssertTrue(text2.contains("cut.npz") && text2.contains("corrupt"), text2)
    }

    func testZip64IsRefusedClearly() {
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [2, 3], rowMajor: matrix)
        let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: npy, deflate: false)], zip64EndLocator: true)
        let text = message { _ = try NpzFile(bytes: bytes, path: "big.npz") }
        XCTAssertTrue(text.contains("big.npz") && text.contains("zip64"), text)
    }

    func testUnsupportedDtypesNameTheArrayAndType() {
        for descr in ["<c16", "<U5", "|O", "<f2"] {
            let header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }"
            let npy = NpyTestWriter.npy(descr: "<f8", shape: [1], rowMajor: [0], headerOverride: header)
            let text = message { _ = try NumericArray(npyBytes: npy, path: "d.npz", name: "X") }
            XCTAssertTrue(text.contains("d.npz") && text.contains("'X'") && text.contains("unsupported element type \(descr)"), text)
        }
        let structured = "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }"
        let npy = NpyTestWriter.npy(descr: "<f8", shape: [1], rowMajor: [0], headerOverride: structured)
        let text = message { _ = try NumericArray(npyBytes: npy, path: "d.npz", name: "X") }
        XCTAssertTrue(text.contains("unsupported element type") && text.contains("'a'"), text)
    }

    func testCorruptNpyMembers() {
        let good = NpyTestWriter.npy(descr: "<f8", shape: [2, 3], rowMajor: matrix)
        var badMagic = good
        badMagic[1] = UInt8(ascii: "X")
        var badVersion = good
        badVersion[6] = 9
        let cases: [([UInt8], String)] = [
            (badMagic, "bad magic"),
            (badVersion, "version 9"),
            (Array(good.dropLast(8)), "needs 48 data bytes, found 40"),
            (NpyTestWriter.npy(descr: "<f8", shape: [1], rowMajor: [0], headerOverride: "{'descr': '<f8', 'shape': (1,)}"), "fortran_order"),
            (NpyTestWriter.npy(descr: "<f8", shape: [1], rowMajor: [0], headerOverride: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,"), "unreadable header"),
        ]
        for (bytes, expected) in cases {
            let text = message { _ = try NumericArray(npyBytes: bytes, path: "c.npz", name: "X") }
            XCTAssertTrue(text.contains("c.npz") && text.contains("'X' is corrupt") && text.contains(expected), text)
        }
    }
}
