import Foundation

/// The plugin servers alive now, so that SIGINT, SIGTERM or SIGHUP to the host stops them too
/// (each runs in its own process group, out of reach of a terminal's Ctrl-C, and would otherwise
/// run on until its current call ends). A fixed table of pids, read by the signal handler without
/// locks or allocation.
enum LiveChildren {
    private static let capacity = 1024
    nonisolated(unsafe) static let table: UnsafeMutablePointer<pid_t> = {
        let table = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        table.initialize(repeating: 0, count: capacity)
        return table
    }()
    private static let lock = NSLock()

    /// Records a started child (and makes sure the signal handlers are installed).
    static func add(_ pid: pid_t) {
        TemporaryFiles.prepare()
        lock.lock(); defer { lock.unlock() }
        if let free = (0..<capacity).first(where: { table[$0] == 0 }) { table[free] = pid }
    }

    /// Forgets a child that has been reaped.
    static func remove(_ pid: pid_t) {
        lock.lock(); defer { lock.unlock() }
        for i in 0..<capacity where table[i] == pid { table[i] = 0 }
    }

    /// Kills every recorded child's process group (async-signal-safe).
    static func killAll() {
        for i in 0..<capacity where table[i] > 0 { kill(-table[i], SIGKILL) }
    }
}
