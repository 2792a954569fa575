import Foundation
import Synchronization

/// Where plugin log lines go: standard error, prefixed with the plugin's name. Warnings and errors
/// are always shown; debug and info lines only with `--verbose`.
public enum HostLog {
    private static let verboseFlag = Atomic<Bool>(false)
    private static let lock = NSLock()

    /// Whether debug and info lines are shown (`--verbose`).
    public static var verbose: Bool {
        get { verboseFlag.load(ordering: .relaxed) }
        set { verboseFlag.store(newValue, ordering: .relaxed) }
    }

    /// Writes one line from `plugin` at `level` (`DASHOST_LOG_*`).
    static func write(plugin: String, level: Int32, _ message: String) {
        let name: String
        switch level {
        case ...0: name = "debug"
        case 1: name = "info"
        case 2: name = "warning"
        default: name = "error"
        }
        guard level >= 2 || verbose else { return }
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("[\(plugin)] \(name): \(message)\n".utf8))
    }
}

/// The request to stop, read by plugins through `dashost_host.is_cancelled`: set by whatever embeds
/// the host (a service cancelling a run; tests). The `dashost` CLI itself ends on SIGINT / SIGTERM /
/// SIGHUP after removing its temporary files (`TemporaryFiles`), so its plugins need not poll.
public enum HostCancellation {
    private static let flag = Atomic<Bool>(false)

    /// Whether a stop was requested.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Requests a stop (or clears the request, for tests).
    public static func set(_ requested: Bool) { flag.store(requested, ordering: .relaxed) }
}
