import DashostCore
import Foundation
import XCTest

/// Atomic file output and the scores CSV.
final class OutputTests: XCTestCase {
    private let directory = DataTestDirectory()

    private struct Boom: Error {}

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func testWritesAndReplacesLeavingNoTemporaryFile() throws {
        let path = directory.path + "/out.txt"
        try AtomicFileWriter.write("first\n", to: path)
        XCTAssertEqual(read(path), "first\n")
        try AtomicFileWriter.write(to: path) { sink in
            try sink.write("second ")
            try sink.write(bytes: Array("line\n".utf8))
        }
        XCTAssertEqual(read(path), "second line\n")
        XCTAssertEqual(directory.listing(), ["out.txt"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o644)
    }

    func testLargeOutputIsComplete() throws {
        let path = directory.path + "/big.txt"
        let line = String(repeating: "x", count: 999) + "\n"
        try AtomicFileWriter.write(to: path) { sink in for _ in 0..<300 { try sink.write(line) } }
        XCTAssertEqual(read(path)?.utf8.count, 300_000)
    }

    func testThrowingBodyLeavesNothingBehind() throws {
        let fresh = directory.path + "/fresh.csv"
        XCTAssertThrowsError(try AtomicFileWriter.write(to: fresh) { sink in
            try sink.write("partial")
            throw Boom()
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(directory.listing(), [], "no destination and no temporary file")

        let existing = directory.path + "/keep.csv"
        try AtomicFileWriter.write("old\n", to: existing)
        XCTAssertThrowsError(try AtomicFileWriter.write(to: existing) { _ in throw Boom() })
        XCTAssertEqual(read(existing), "old\n", "the old content survives")
        XCTAssertEqual(directory.listing(), ["keep.csv"])
    }

    func testMissingDirectoryIsAnErrorNamingThePath() {
        let path = directory.path + "/no/such/dir/out.csv"
        XCTAssertThrowsError(try AtomicFileWriter.write("x", to: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(path + ": cannot create a temporary file"), text)
            XCTAssertTrue(text.contains("No such file or directory"), text)
        }
    }

    func testScoresCSVRoundTripsDoublesExactly() throws {
        let scores: [Double] = [0.1, 1.0 / 3.0, -2.5e-300, 123456789.123456789, 0, .pi, -0.0, .leastNonzeroMagnitude]
        let fused: [Double] = scores.map { $0 * 7 + 1 }
        let path = directory.path + "/scores.csv"
        try ScoresCSVWriter.write(to: path, columns: [
            .integers("row", Array(0..<scores.count)),
            .doubles("label", [0, 1, 0, 1, 0, 0, 1, 0]),
            .doubles("detector", scores),
            .doubles("fused, total", fused),
        ])
        let text = try XCTUnwrap(read(path))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "row,label,detector,\"fused, total\"")
        XCTAssertEqual(lines[1], "0,0,0.10000000000000001,1.7000000000000002")
        XCTAssertEqual(lines.last, "", "ends with a newline")
        XCTAssertEqual(lines.count, scores.count + 2)
        for (i, line) in lines.dropFirst().dropLast().enumerated() {
            let fields = line.split(separator: ",").map(String.init)
            XCTAssertEqual(fields[0], String(i))
            XCTAssertEqual(Double(fields[2])?.bitPattern, scores[i].bitPattern, "row \(i): \(fields[2])")
            XCTAssertEqual(Double(fields[3])?.bitPattern, fused[i].bitPattern, "row \(i): \(fields[3])")
        }
        XCTAssertEqual(directory.listing(), ["scores.csv"])
    }

    func testScoresCSVFormatsSpecialValuesAndChecksLengths() throws {
        XCTAssertEqual(ScoresCSVWriter.format(.nan), "nan")
        XCTAssertEqual(ScoresCSVWriter.format(-.infinity), "-inf")
        XCTAssertEqual(ScoresCSVWriter.format(1), "1")
        XCTAssertEqual(try ScoresCSVWriter.csv(columns: [.doubles("a", [0.5]), .integers("b", [3])]), "a,b\n0.5,3\n")

        let path = directory.path + "/bad.csv"
        XCTAssertThrowsError(try ScoresCSVWriter.write(to: path, columns: [.integers("row", [0, 1]), .doubles("score", [1])])) {
            XCTAssertEqual("\($0)", "\(path): column 'score' has 1 values, the first column has 2")
        }
        XCTAssertThrowsError(try ScoresCSVWriter.write(to: path, columns: [])) {
            XCTAssertEqual("\($0)", "\(path): no columns to write")
        }
        XCTAssertEqual(directory.listing(), [])
    }
}
