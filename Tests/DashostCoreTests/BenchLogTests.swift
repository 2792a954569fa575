@testable import DashostCore
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
}
