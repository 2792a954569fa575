import DashostCore
import Foundation
import XCTest

/// SIGINT / SIGTERM during `run` and `bench`: the plugin servers stop with the host, no temporary
/// or half-written file stays, and an interrupted bench resumes where it stopped.
final class InterruptTests: XCTestCase {
    /// Processes whose environment carries `mark` (the host and the servers it started).
    private func processes(marked mark: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return String(decoding: data, as: UTF8.self).contains("DASHOST_TEST_MARK=\(mark)")
        }
    }

    private func start(_ arguments: [String], mark: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HostFixtures.pluginDirectory + "/dashost")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DASHOST_TEST_MARK"] = mark
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Waits (at most `seconds`) for the signalled host to end; one that does not is killed with every
    /// process it started, and the test fails instead of hanging the suite (as it did under TSan before
    /// the host waited in InterruptibleCompletion).
    private func waitForExit(_ host: Process, mark: String, seconds: Double = 60,
                             file: StaticString = #filePath, line: UInt = #line) -> Bool {
        if waitFor(seconds, { !host.isRunning }) {
            host.waitUntilExit()
            return true
        }
        XCTFail("the host did not end within \(Int(seconds)) s of the signal", file: file, line: line)
        for pid in processes(marked: mark) { kill(pid, SIGKILL) }
        host.waitUntilExit()
        return false
    }

    func testSIGTERMDuringAnIsolatedRunStopsItsPluginServersAndPublishesNothing() throws {
        try HostFixtures.requireBuiltPlugins()
        let dir = try HostFixtures.temporaryDirectory()
        let library = try HostFixtures.fakeLibrary(["BREAK_DETECTOR_HANG"])
        let registry = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(library)"]}"#, to: "fake.json", in: dir)
        let pipeline = try HostFixtures.write(#"""
            {"seed": 1, "nodes": [
             {"id": "data", "type": "source", "path": "\#(HostFixtures.cardio)"},
             {"id": "hang", "type": "detector", "plugin": "fake_detector", "inputs": {"fit": "data.train", "score": "data.test"}},
             {"id": "good", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
             {"id": "write", "type": "write", "path": "scores.csv", "inputs": {"hang": "hang", "good": "good"}}
            ]}
            """#, to: "pipeline.json", in: dir)
        try HostFixtures.write("old\n", to: "scores.csv", in: dir)
        let mark = UUID().uuidString
        let host = try start(["run", pipeline, "--out", dir, "--registry", registry, "--isolate"], mark: mark)
        // The host and at least one plugin server (the hanging one) are up.
        XCTAssertTrue(waitFor(20) { processes(marked: mark).count >= 2 }, "no plugin server started")
        usleep(300_000)
        kill(host.processIdentifier, SIGTERM)
        guard waitForExit(host, mark: mark) else { return }
        XCTAssertEqual(host.terminationReason, .uncaughtSignal)
        XCTAssertEqual(host.terminationStatus, SIGTERM)
        XCTAssertTrue(waitFor(5) { processes(marked: mark).isEmpty }, "plugin servers outlived the host: \(processes(marked: mark))")
        XCTAssertEqual(try String(contentsOfFile: dir + "/scores.csv", encoding: .utf8), "old\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testAnInterruptedIsolatedBenchResumesWhereItStopped() throws {
        try HostFixtures.requireBuiltPlugins()
        let dir = try HostFixtures.temporaryDirectory()
        let data = dir + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        for name in ["a", "b"] { try FileManager.default.copyItem(atPath: HostFixtures.cardio, toPath: "\(data)/\(name).npz") }
        let library = try HostFixtures.fakeLibrary(["BREAK_DETECTOR_SLOW"])  // fit sleeps 1 s
        let registry = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(library)"]}"#, to: "fake.json", in: dir)
        let out = dir + "/out"
        let arguments = ["bench", "--data", data, "--out", out, "--detectors", "fake_detector", "--configs", "base",
                         "--seeds", "1,2", "--registry", registry, "--isolate"]
        let mark = UUID().uuidString
        let host = try start(arguments, mark: mark)
        func rows() -> Int {
            ((try? String(contentsOfFile: out + "/runs.csv", encoding: .utf8)) ?? "").split(separator: "\n").count - 1
        }
        XCTAssertTrue(waitFor(30) { rows() >= 1 }, "no run finished")
        kill(host.processIdentifier, SIGINT)
        guard waitForExit(host, mark: mark) else { return }
        XCTAssertEqual(host.terminationReason, .uncaughtSignal)
        let done = rows()
        XCTAssertLessThan(done, 4, "the bench finished before the interrupt; the test proves nothing")
        XCTAssertTrue(waitFor(5) { processes(marked: mark).isEmpty })
        let resumed = try HostFixtures.dashost(arguments)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("bench: 4 runs, \(done) already in"), resumed.stderr)
        XCTAssertEqual(rows(), 4)
    }
}
