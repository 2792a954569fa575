@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// `ChildProcess.run`: what the child wrote, how it ended, and nothing of it left behind in the parent.
final class ChildProcessTests: XCTestCase {
    /// Open file descriptors of this process.
    private func openDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }

    func testOutputAndEndingsAreReported() throws {
        let echo = try ChildProcess.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"], timeout: 30)
        XCTAssertEqual(String(decoding: echo.stdout, as: UTF8.self), "out")
        XCTAssertEqual(String(decoding: echo.stderr, as: UTF8.self), "err")
        XCTAssertEqual(echo.ending, .exited(3))
        XCTAssertEqual(try ChildProcess.run("/bin/sh", ["-c", "kill -SEGV $$"], timeout: 30).ending, .signalled(SIGSEGV))
        XCTAssertEqual(try ChildProcess.run("/bin/sleep", ["30"], timeout: 0.2).ending, .timedOut(seconds: 0.2))
    }

    /// Every child's pipes are closed once it has been reported (each used to keep two descriptors
    /// open for good, so `dashost check` and the plugin scanner ran out of them on long runs).
    func testAFinishedChildLeavesNoDescriptorOpen() throws {
        _ = try ChildProcess.run("/bin/true", [], timeout: 30)
        let before = try openDescriptors()
        for _ in 0..<40 { _ = try ChildProcess.run("/bin/sh", ["-c", "echo x; echo y >&2"], timeout: 30) }
        XCTAssertLessThanOrEqual(try openDescriptors() - before, 4, "descriptors left open by 40 finished children")
    }
}
