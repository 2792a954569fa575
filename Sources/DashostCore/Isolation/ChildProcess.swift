import Foundation

/// Runs a program in a child process and reports how it ended: its output, its exit status, or the
/// signal that killed it. A crash, abort or heap corruption in the child cannot take the parent down.
public struct ChildProcess {
    /// How the child ended.
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(seconds: Double)

        /// "exit status 3", "signal 11 (SIGSEGV, Segmentation fault)", "timed out after 60 s".
        public var description: String {
            switch self {
            case let .exited(code): return "exit status \(code)"
            case let .signalled(signal): return "signal \(signal) (\(ChildProcess.signalName(signal)))"
            case let .timedOut(seconds): return "timed out after \(JSONNumber.format(seconds)) s"
            }
        }
    }

    /// What the child wrote and how it ended.
    public struct Result: Sendable {
        public let stdout: Data
        public let stderr: Data
        public let ending: Ending
    }

    /// Runs `executable` with `arguments` (in `currentDirectory`, when given); kills it (SIGKILL)
    /// after `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], timeout: Double,
                           environment: [String: String]? = nil, currentDirectory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // Waits a signal can interrupt (see InterruptibleCompletion): `check` spends its time here.
        let done = InterruptibleCompletion()
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        // Drain both pipes while the child runs, so a chatty child never blocks on a full pipe.
        final class Captured: @unchecked Sendable { var data = Data() }
        let stdout = Captured(), stderr = Captured()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { stdout.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { stderr.data = err.fileHandleForReading.readDataToEndOfFile() }
        var timedOut = false
        if !done.wait(seconds: timeout) {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        InterruptibleCompletion(notifiedBy: readers).wait()
        // Foundation's Process and its run-loop source keep each other alive until waitUntilExit
        // (which returns at once now) releases the source; without it every child leaked its Process
        // and both pipes' read ends, two file descriptors per child.
        process.waitUntilExit()
        let ending: Ending
        if timedOut {
            ending = .timedOut(seconds: timeout)
        } else if process.terminationReason == .uncaughtSignal {
            ending = .signalled(process.terminationStatus)
        } else {
            ending = .exited(process.terminationStatus)
        }
        return Result(stdout: stdout.data, stderr: stderr.data, ending: ending)
    }

    /// "SIGSEGV, Segmentation fault" for 11.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
                                      SIGILL: "SIGILL", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP"]
        let text = strsignal(signal).map { String(cString: $0) } ?? "unknown signal"
        return names[signal].map { "\($0), \(text)" } ?? text
    }
}
