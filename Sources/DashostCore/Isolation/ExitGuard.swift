import Foundation

/// Makes sure only the host decides the exit status: a plugin that calls `exit()` from inside the
/// process (in fit, say) would otherwise end `run`, `enhance` or `check` with status 0 and no
/// output, so a CI gate would pass. `install()` registers an `atexit` handler that, unless the host
/// itself is exiting (`exit(_:)` below), reports the exit and turns it into status 70. (`_exit` and
/// signals bypass `atexit`; only process isolation covers those.)
public enum ExitGuard {
    nonisolated(unsafe) private static var hostIsExiting = false

    /// Registers the handler; call once, first thing in `main`.
    public static func install() {
        atexit {
            guard !ExitGuard.hostIsExiting else { return }
            let message = "dashost: error: a plugin ended the process by calling exit() before dashost finished; the run did not complete\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(70)
        }
    }

    /// Exits with `status`, as the host.
    public static func exit(_ status: Int32) -> Never {
        hostIsExiting = true
        ServerPool.shared.shutdown()
        Foundation.exit(status)
    }
}
