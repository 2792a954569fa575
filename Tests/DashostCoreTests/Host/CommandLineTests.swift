import Foundation
import XCTest

/// The `dashost` executable: exit codes and one-line errors for bad input, and the main commands.
final class CommandLineTests: XCTestCase {
    private func dashost(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let exe = HostFixtures.pluginDirectory + "/dashost"
        guard FileManager.default.isExecutableFile(atPath: exe) else { throw FixtureError("\(exe) not built") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: HostFixtures.packageRoot)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    func testPluginsListsEveryEntryAsLoading() throws {
        let r = try dashost(["plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let count = try HostFixtures.registry().entries.count
        XCTAssertTrue(r.stdout.contains("\(count) of \(count) plugins load"), r.stdout)
    }

    func testEnhancePrintsBaseAndEnhancedMetrics() throws {
        let r = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("cardio   detector"), r.stdout)
        XCTAssertTrue(r.stdout.contains("cardio   enhanced"), r.stdout)
    }

    func testErrorsAreOneLineWithNonZeroExit() throws {
        let missing = try dashost(["run", "no/such/pipeline.json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "dashost: error: pipeline file 'no/such/pipeline.json' not found or unreadable\n")

        let unknown = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz", "--lamda", "2"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("dashost: unknown option --lamda"), unknown.stderr)

        let badDetector = try dashost(["enhance", "--detector", "isoforest", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(badDetector.status, 1)
        XCTAssertTrue(badDetector.stderr.contains("no plugin named 'isoforest'"), badDetector.stderr)

        let badCommand = try dashost(["frobnicate"])
        XCTAssertEqual(badCommand.status, 2)
        XCTAssertTrue(badCommand.stderr.contains("unknown command 'frobnicate'"))
    }

    func testCheckPrintsOneLinePerCheckAndASummary() throws {
        let r = try dashost(["check", HostFixtures.pluginDirectory + "/libdashost_minmax_sum.so"])
        XCTAssertEqual(r.status, 0, r.stdout)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertTrue(lines.dropFirst().dropLast().allSatisfy { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") })
        XCTAssertTrue(lines.last!.hasSuffix("passed, 0 failed"))
    }
}
