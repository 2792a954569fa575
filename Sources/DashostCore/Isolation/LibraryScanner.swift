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
        if case let .failure(reason) = scan(path, sandboxed: false) { return reason.description }
        return nil
    }

    /// The library at `path` as a sandboxed child opened and described it: the host gets its
    /// plugins' identity and schema without opening it (an untrusted library's code never runs here).
    func describe(_ path: String) throws -> PluginLibrary {
        switch scan(path, sandboxed: true) {
        case let .failure(reason): throw reason
        case let .success(json):
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path  // as `PluginLibrary.open` names it
            return try PluginLibrary.described(try LibraryDescription(json: json), path: resolved)
        }
    }

    /// Why a scan failed, as the registry reports it.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the child on `path`: its description JSON, or why it could not open the library.
    private func scan(_ path: String, sandboxed: Bool) -> Result<Data, Failure> {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        var arguments = [LibraryScanner.childCommand, path]
        var scratch: String?
        if sandboxed {
            guard let made = try? TemporaryFolder(prefix: "dashost-scan") else { return .failure(Failure(description: "cannot create a scratch folder for the library scanner")) }
            scratch = made.path
            arguments += ["--sandbox", scratch!]
        }
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        guard let result = try? ChildProcess.run(executable, arguments, timeout: LibraryScanner.timeout, environment: environment) else {
            return .failure(Failure(description: "could not start the scanner process \(executable)"))
        }
        if case .exited(0) = result.ending { return .success(result.stdout) }
        let said = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if case .exited = result.ending, !said.isEmpty { return .failure(Failure(description: said)) }
        return .failure(Failure(description: "'\(path)' crashed the library scanner (\(result.ending.description)) while being opened; it is not loaded"))
    }

    /// The child side, `__scan-library PATH [--sandbox SCRATCH]`: enters the sandbox if asked, opens
    /// the library and prints its description (exit 0), or prints the error (exit 1).
    public static func child(_ arguments: [String]) -> Int32 {
        guard let path = arguments.first else { return 2 }
        if arguments.count == 3, arguments[1] == "--sandbox" {
            if let failure = Sandbox.enter(scratch: arguments[2]) {
                FileHandle.standardOutput.write(Data("cannot enter the sandbox to open the library: \(failure)\n".utf8))
                return 1
            }
        }
        do {
            let library = try PluginLibrary.open(path: path)
            FileHandle.standardOutput.write(LibraryDescription(library).json)
            return 0
        } catch {
            FileHandle.standardOutput.write(Data("\(error)\n".utf8))
            return 1
        }
    }
}
