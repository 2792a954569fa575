@_spi(Testing) import DashostCore
import XCTest

/// The one zip reader (`ZipArchive`) behind both `.npz` paths, read whole (`NpzFile`) and streamed
/// (`NpyRowStream`): CRC-32 and deflate integrity, sizes bounded by the `.npy` header, duplicate members,
/// and the streaming decision taken from the uncompressed size.
final class ZipIntegrityTests: XCTestCase {
    private let rows = 20, cols = 3
    private var features: [Double] { (0..<(rows * cols)).map { Double($0) * 0.5 - 7 } }
    private var labels: [Double] { (0..<rows).map { $0 % 5 == 0 ? 1 : 0 } }

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    private func npz(deflate: Bool, fortran: Bool = false) -> [UInt8] {
        let x = NpyTestWriter.npy(descr: "<f8", shape: [rows, cols], rowMajor: features, fortran: fortran)
        let y = NpyTestWriter.npy(descr: "<i8", shape: [rows], rowMajor: labels)
        return ZipTestWriter.npz([("X", x), ("y", y)], deflate: deflate)
    }

    /// Every row of X through the streaming reader, in chunks of 7.
    private func streamAll(_ path: String, rows indices: [Int]? = nil) throws -> [Double] {
        let stream = try NpyRowStream(npz: path, array: "X")
        var values: [Double] = []
        try stream.forEachChunk(rows: indices ?? Array(0..<stream.rows), chunkRows: 7) { chunk, _ in values += chunk.values }
        return values
    }

    /// Offset of the first data byte of member `name` in a `ZipTestWriter` image.
    private func dataOffset(of name: String, in bytes: [UInt8]) -> Int {
        let archive = try! ZipArchive(bytes: bytes, path: "t")
        let entry = archive.entry(named: name)!
        return entry.localHeaderOffset + 30 + name.utf8.count
    }

    func testAFlippedDataByteInAStoredMemberIsAnErrorOnBothPaths() throws {
        let directory = DataTestDirectory()
        var bytes = npz(deflate: false)
        // The last value of X: a stored member has no other check than its CRC-32.
        let xEnd = dataOffset(of: "X.npy", in: bytes) + (try ZipArchive(bytes: bytes, path: "t")).entry(named: "X.npy")!.uncompressedSize
        bytes[xEnd - 2] ^= 0x40
        let path = directory.file("flipped.npz", bytes)
        let whole = message { _ = try NpzFile(path: path).array(named: "X") }
        XCTAssertTrue(whole.contains(path) && whole.contains("member 'X.npy'") && whole.contains("CRC-32 mismatch"), whole)
        let streamed = message { _ = try streamAll(path) }
        XCTAssertTrue(streamed.contains(path) && streamed.contains("member 'X.npy'") && streamed.contains("CRC-32 mismatch"), streamed)
        // Only the first rows asked for: the rest of the member is still read and verified.
        let partial = message { _ = try streamAll(path, rows: [0, 1]) }
        XCTAssertTrue(partial.contains("CRC-32 mismatch"), partial)
        // Fortran order, stored (read by random access): verified once when the stream opens.
        var fortran = npz(deflate: false, fortran: true)
        fortran[dataOffset(of: "X.npy", in: fortran) + 200] ^= 0x01
        let fortranPath = directory.file("fortran.npz", fortran)
        let text = message { _ = try NpyRowStream(npz: fortranPath, array: "X") }
        XCTAssertTrue(text.contains("CRC-32 mismatch"), text)
    }

    func testACorruptDeflateStreamIsAnErrorWhenStreamed() throws {
        let directory = DataTestDirectory()
        var bytes = npz(deflate: true)
        let start = dataOffset(of: "X.npy", in: bytes)
        for i in (start + 20)..<(start + 28) { bytes[i] ^= 0x5A }
        let path = directory.file("damaged.npz", bytes)
        for text in [message { _ = try streamAll(path) }, message { _ = try NpzFile(path: path).array(named: "X") }] {
            XCTAssertTrue(text.contains(path) && text.contains("member 'X.npy'"), text)
            XCTAssertTrue(text.contains("deflate data is corrupt") || text.contains("CRC-32 mismatch"), text)
        }
    }

    func testGarbageInflatedIntoTheHeaderIsReportedAsDamage() throws {
        // A flipped compressed byte can inflate to a garbled .npy header before the CRC is reached:
        // the error is the damage (CRC-32 / deflate), never "unreadable header" with raw bytes in it.
        let intact = npz(deflate: true)
        let start = dataOffset(of: "X.npy", in: intact)
        var seen = 0
        for offset in start..<(start + 60) {
            var bytes = intact
            bytes[offset] ^= 0xFF
            do {
                _ = try NpzFile(bytes: bytes, path: "g.npz").array(named: "X")
                XCTFail("flip at \(offset) was not detected")
            } catch {
                let text = "\(error)"
                XCTAssertFalse(text.contains("unreadable header"), "flip at \(offset): \(text)")
                XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 }, "flip at \(offset): \(text)")
                seen += 1
            }
        }
        XCTAssertEqual(seen, 60)
    }

    func testATruncatedDeflateStreamIsAnError() throws {
        let x = NpyTestWriter.npy(descr: "<f8", shape: [rows, cols], rowMajor: features)
        let full = ZipTestWriter.rawDeflate(x)
        let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: x, deflate: true, payloadOverride: Array(full.prefix(full.count / 2)))])
        let directory = DataTestDirectory()
        let path = directory.file("cut.npz", bytes)
        for text in [message { _ = try streamAll(path) }, message { _ = try NpzFile(path: path).array(named: "X") }] {
            XCTAssertTrue(text.contains("member 'X.npy'") && text.contains("truncated"), text)
        }
    }

    func testInflatingPastTheStatedSizeStops() throws {
        // A member whose deflate stream holds more than its directory (and .npy header) say.
        let x = NpyTestWriter.npy(descr: "<f8", shape: [rows, cols], rowMajor: features)
        let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: x + [UInt8](repeating: 0, count: 100_000), deflate: true,
                                             uncompressedSizeOverride: UInt32(x.count))])
        let directory = DataTestDirectory()
        let path = directory.file("bomb.npz", bytes)
        for text in [message { _ = try streamAll(path) }, message { _ = try NpzFile(path: path).array(named: "X") }] {
            XCTAssertTrue(text.contains("member 'X.npy'") && text.contains("inflates past the directory's \(x.count) bytes"), text)
        }
    }

    func testAStatedSizeTheHeaderDoesNotNeedIsRefusedBeforeInflating() throws {
        // The directory claims 100 KB for a 20 x 3 array (a size deflate could reach from the member's
        // bytes): refused from the header, nothing allocated. (A size deflate cannot reach, such as
        // 4 GB from these few hundred bytes, is refused before even the header is read:
        // FuzzRegressionTests.testAStatedSizeDeflateCannotReachIsRefusedBeforeAllocating.)
        let x = NpyTestWriter.npy(descr: "<f8", shape: [rows, cols], rowMajor: features)
        let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: x, deflate: true, uncompressedSizeOverride: 100_000)])
        let directory = DataTestDirectory()
        let path = directory.file("claims.npz", bytes)
        for text in [message { _ = try NpyRowStream(npz: path, array: "X") }, message { _ = try NpzFile(path: path).array(named: "X") }] {
            XCTAssertTrue(text.contains("array 'X' is corrupt") && text.contains("needs 480 data bytes, found \(100_000 - 128)"), text)
        }
    }

    func testDuplicateMembersAreRefusedOnBothPaths() throws {
        let x = NpyTestWriter.npy(descr: "<f8", shape: [rows, cols], rowMajor: features)
        let other = NpyTestWriter.npy(descr: "<f8", shape: [rows, cols], rowMajor: features.map { -$0 })
        let bytes = ZipTestWriter.zip([.init(name: "X.npy", data: x, deflate: false), .init(name: "X.npy", data: other, deflate: false)])
        let directory = DataTestDirectory()
        let path = directory.file("twice.npz", bytes)
        for text in [message { _ = try NpzFile(path: path) }, message { _ = try NpyRowStream(npz: path, array: "X") }] {
            XCTAssertTrue(text.contains(path) && text.contains("'X.npy' appears more than once") && text.contains("two zip members"), text)
        }
        // `X` and `X.npy` both answer to the array name X.
        let both = ZipTestWriter.zip([.init(name: "X", data: x, deflate: false), .init(name: "X.npy", data: other, deflate: false)])
        let text = message { _ = try NpzFile(bytes: both, path: "both.npz").array(named: "X") }
        XCTAssertTrue(text.contains("'X' appears more than once"), text)
    }

    func testStreamingIsDecidedFromTheUncompressedSize() throws {
        let directory = DataTestDirectory()
        // 1,048,576 x 9 zeros: 72 MiB uncompressed, well under 1 MiB deflated.
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1048576, 9), }"
        let first = NpyTestWriter.npy(descr: "<f8", shape: [1], rowMajor: [0], headerOverride: header)
        let x = first + [UInt8](repeating: 0, count: 1_048_576 * 9 * 8 - 8)
        let small = ZipTestWriter.rawDeflate(x)
        XCTAssertLessThan(small.count, 1 << 20)
        let bomb = directory.file("zeros.npz", ZipTestWriter.zip([.init(name: "X.npy", data: x, deflate: true, payloadOverride: small)]))
        XCTAssertEqual(DatasetLoader.defaultChunkRows(path: bomb), DatasetLoader.streamChunkRows)
        XCTAssertGreaterThan(DatasetLoader.streamAboveBytes, 1 << 20)
        let ordinary = directory.file("ordinary.npz", npz(deflate: true))
        XCTAssertNil(DatasetLoader.defaultChunkRows(path: ordinary))
        XCTAssertNil(DatasetLoader.defaultChunkRows(path: directory.file("a.csv", text: "a\n1\n")))
    }

    /// The reader-level corpus: every truncation of a stored, a deflated and a stored Fortran-order
    /// `.npz`, and every single-byte flip (XOR 0xFF) of their first 4 KiB, through the whole-file and the
    /// streaming reader: each gives the intact file's exact arrays or an error, never other numbers.
    func testEveryTruncationAndByteFlipGivesTheIntactArraysOrAnError() throws {
        let directory = DataTestDirectory()
        var outcomes = (intact: 0, errors: 0)
        for (label, intact) in [("stored", npz(deflate: false)), ("deflated", npz(deflate: true)),
                                ("fortran", npz(deflate: false, fortran: true))] {
            var variants: [(String, [UInt8])] = (0..<intact.count).map { ("\(label) cut at \($0)", Array(intact.prefix($0))) }
            for offset in 0..<min(intact.count, 4096) {
                var flipped = intact
                flipped[offset] ^= 0xFF
                variants.append(("\(label) flip at \(offset)", flipped))
            }
            for (name, bytes) in variants {
                let path = directory.file("v.npz", bytes)
                do {
                    let file = try NpzFile(path: path)
                    let x = try file.array(named: "X"), y = try file.array(named: "y")
                    XCTAssertEqual(x.values, features, "whole, \(name)")
                    XCTAssertEqual(x.shape, [rows, cols], "whole, \(name)")
                    XCTAssertEqual(y.values, labels, "whole, \(name)")
                    outcomes.intact += 1
                } catch {
                    XCTAssertTrue("\(error)".contains(path), "whole, \(name): \(error)")
                    outcomes.errors += 1
                }
                do {
                    let values = try streamAll(path)
                    let y = try NpyRowStream.wholeArray(npz: path, array: "y")
                    XCTAssertEqual(values, features, "streamed, \(name)")
                    XCTAssertEqual(y.values, labels, "streamed, \(name)")
                } catch {
                    XCTAssertTrue("\(error)".contains(path), "streamed, \(name): \(error)")
                }
            }
        }
        // Both kinds of outcome occur (flips in unchecked header fields leave the data intact).
        XCTAssertGreaterThan(outcomes.intact, 0)
        XCTAssertGreaterThan(outcomes.errors, outcomes.intact)
    }
}
