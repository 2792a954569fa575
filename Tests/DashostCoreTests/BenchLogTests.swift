@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// `runs.csv` of `dashost bench`: CSV-quoted on write, read back with the CSV reader on resume, and a
/// resume after an interruption at any byte continues with exactly the complete rows.
final class BenchLogTests: XCTestCase {
    private let directory = DataTestDirectory()

    private func row(_ dataset: String, seed: UInt64 = 42) -> BenchRow {
        BenchRow(dataset: dataset, detector: "iforest", config: "enhanced", seed: seed, aucpr: 0.123456789012345, aucroc: 1.0 / 3,
                 tDetectorFit: 0.5, tDetectorScore: 0.25, tSynthesis: 0.125, tClassifierFit: 1, tClassifierScore: 2, tFusion: 0,
                 tTotal: 3.75, nTrain: 10, nTest: 20, d: 3, nSynthetic: 1)
    }

    private let hostile = ["plain", "comma,name", "quote\"name", "new\nline", "crlf\r\nname", " padded ", "\"", "a,\"b\"\nc", "pipe|name"]

    func testHostileDataSetNamesRoundTrip() throws {
        let path = directory.path + "/runs.csv"
        let log = try RunLog(path: path)
        let rows = hostile.enumerated().map { row($1, seed: UInt64($0)) }
        for r in rows { try log.append(r) }
        let again = try RunLog(path: path)
        XCTAssertEqual(again.rows, rows)
        XCTAssertEqual(Set(again.rows.map(\.key)).count, rows.count)
        // Every record is exactly one CSV record for any CSV reader.
        for r in rows { XCTAssertEqual(BenchRow(csv: Substring(r.csv)), r) }
        // The file is also valid for the data CSV reader's splitter: header plus one record per row.
        XCTAssertEqual(try CSVReader.splitRecords(DataFileAccess.readAll(path), path: path).count, rows.count + 1)
    }

    func testAResumeAfterAnInterruptionAtAnyByteKeepsExactlyTheCompleteRows() throws {
        let complete = [row("a,b", seed: 1), row("new\nline", seed: 2)]
        let header = BenchRow.header + "\n"
        let body = complete.map { $0.csv + "\n" }.joined()
        let next = row("quote\"d,\nname", seed: 3).csv + "\n"
        for cut in 0..<next.utf8.count {
            let path = directory.file("runs\(cut).csv", Array((header + body).utf8) + Array(next.utf8.prefix(cut)))
            let log = try RunLog(path: path)
            XCTAssertEqual(log.rows, complete, "cut at \(cut)")
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), header + body, "cut at \(cut)")
        }
    }

    func testADamagedRecordBeforeTheLastIsAnErrorNamingItsLine() throws {
        let good = row("x").csv + "\n"
        let text = BenchRow.header + "\n" + good + "x,y,not a row\n" + good
        let path = directory.file("bad.csv", text: text)
        XCTAssertThrowsError(try RunLog(path: path)) { XCTAssertEqual("\($0)", "\(path): malformed line 3") }
        // Also when the file ends in a cut-off record: the damaged line is not silently dropped.
        let cut = directory.file("badcut.csv", text: text + "half,a")
        XCTAssertThrowsError(try RunLog(path: cut)) { XCTAssertEqual("\($0)", "\(cut): malformed line 3") }
        XCTAssertEqual(try String(contentsOfFile: cut, encoding: .utf8), text + "half,a")
    }

    func testALogThatIsNotARegularFileInTheFolderIsRefused() throws {
        let fifo = directory.path + "/fifo"
        try FileManager.default.createDirectory(atPath: fifo, withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(fifo + "/runs.csv", 0o600), 0)
        XCTAssertThrowsError(try RunLog(path: fifo + "/runs.csv")) {
            XCTAssertEqual("\($0)", "\(fifo)/runs.csv: is a FIFO (named pipe); outputs are written only as regular files (give a file path)")
        }
        let outside = DataTestDirectory()
        let victim = outside.file("victim.csv", text: BenchRow.header + "\n")
        let linked = directory.path + "/linked"
        try FileManager.default.createDirectory(atPath: linked, withIntermediateDirectories: true)
        XCTAssertEqual(symlink(victim, linked + "/runs.csv"), 0)
        XCTAssertThrowsError(try RunLog(path: linked + "/runs.csv")) {
            XCTAssertTrue("\($0)".contains("is a symlink to \(victim), outside the output folder"), "\($0)")
        }
    }

    func testABenchIsRefusedBeforeItsFirstRunWhenItCannotWriteOrTheFolderIsTaken() throws {
        let data = DataTestDirectory()
        var x: [Double] = [], y: [Double] = []
        for i in 0..<40 { x += [Double(i % 7), Double(i % 3)]; y.append(i % 10 == 0 ? 1 : 0) }
        data.file("toy.npz", ZipTestWriter.npz([("X", NpyTestWriter.npy(descr: "<f8", shape: [40, 2], rowMajor: x)),
                                                ("y", NpyTestWriter.npy(descr: "<f8", shape: [40], rowMajor: y))], deflate: true))
        let registry = try HostFixtures.fragment(for: try HostFixtures.fakeLibrary())
        let out = directory.path + "/out"
        let runner = BenchRunner(dataFolder: data.path, detectors: ["fake_detector"], configs: [try BenchConfig("base")], seeds: [1],
                                 outFolder: out)
        // Another writer holds the folder.
        var holder: OutputFolderLock? = try OutputFolderLock(folder: out, command: "dashost run")
        XCTAssertThrowsError(try runner.run(registry: registry)) {
            XCTAssertTrue("\($0)".hasPrefix("\(out) is in use by another dashost (pid \(getpid()), dashost run, started "), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/runs.csv"))
        XCTAssertNotNil(holder)
        holder = nil
        // summary.md is a FIFO: refused before any run is made.
        XCTAssertEqual(mkfifo(out + "/summary.md", 0o600), 0)
        XCTAssertThrowsError(try runner.run(registry: registry)) {
            XCTAssertEqual("\($0)", "\(out)/summary.md: is a FIFO (named pipe); outputs are written only as regular files (give a file path)")
        }
        XCTAssertEqual(try String(contentsOfFile: out + "/runs.csv", encoding: .utf8), BenchRow.header + "\n")
        unlink(out + "/summary.md")
        let rows = try runner.run(registry: registry)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(try RunLog(path: out + "/runs.csv").rows, rows)
    }
}
