import Foundation

/// Opens a plugin library in a child process first (as GStreamer's registry scanner does), so a
/// library that crashes `dlopen` or its entry (a truncated ELF, a constructor that faults) is
/// reported as failed and never opened in the host.
public struct LibraryScanner: Sendable {
    /// The hidden command the child runs: `dashost __scan-library PATH`.
    public static let childCommand = "__scan-library"
    /// How long the child may take.
    public static let timeout = 60.0

    /// The `dashost` executable that runs the child.
    public let executable: String

    /// A scanner running `executable`.
    public init(executable: String) { self.executable = executable }

    /// The scanner every untrusted library goes through, run by the executable that runs plugin servers.
    static func forUntrustedLibraries() throws -> LibraryScanner {
        guard let executable = PluginServerConnection.serverExecutable else {
            throw IsolationError.setup("cannot find the dashost executable to open an untrusted library in a child process first (set DASHOST_EXECUTABLE)")
        }
        return LibraryScanner(executable: executable)
    }

    /// Nil when the library at `path` opened cleanly in the child; otherwise why not.
    public func problem(with path: String) -> String? {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        guard let result = try? ChildProcess.run(executable, [LibraryScanner.childCommand, path], timeout: LibraryScanner.timeout,
                                                 environment: environment) else {
            return "could not start the scanner process \(executable)"
        }
        if case .exited(0) = result.ending { return nil }
        let said = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if case .exited = result.ending, !said.isEmpty { return said }
        return "'\(path)' crashed the library scanner (\(result.ending.description)) while being opened; it is not loaded"
    }

    /// The child side: opens the library; exit 0 when it loads, else prints the error and exits 1.
    public static func child(_ path: String) -> Int32 {
        do {
            _ = try PluginLibrary.open(path: path)
            return 0
        } catch {
            FileHandle.standardOutput.write(Data("\(error)\n".utf8))
            return 1
        }
    }
}
