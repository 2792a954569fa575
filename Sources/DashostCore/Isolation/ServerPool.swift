import Foundation

/// Idle plugin servers kept for reuse: when an isolated instance ends, its server closes the
/// instance and waits here, so the next instance of a plugin of the same library with the same
/// limits (the next run of a bench, the next fold of a cross-fit) opens in a running process
/// instead of starting one. A server serves one instance at a time, so a crash still ends only the
/// node in progress. Sandboxed servers are never reused: an untrusted plugin always gets a fresh
/// process and an empty scratch folder. Nor are servers with a CPU-time limit: the kernel counts it
/// over the process's life, so a reused server would give the next instance less than it asked for.
final class ServerPool: @unchecked Sendable {
    /// The process-wide pool.
    static let shared = ServerPool()
    /// Idle servers kept at most (each is one sleeping process).
    static let capacity = 16

    /// Whether servers with these settings are kept for reuse.
    static func reuses(_ settings: IsolationSettings) -> Bool { settings.level != .sandbox && settings.cpuSeconds == nil }

    private let lock = NSLock()
    private var idle: [PluginServerConnection] = []

    /// A server with `plugin` opened: a pooled one of the same library and settings, or a new one.
    func checkout(_ plugin: Plugin, params: String, seed: UInt64, node: String, settings: IsolationSettings) throws -> PluginServerConnection {
        if ServerPool.reuses(settings) {
            lock.lock()
            let index = idle.firstIndex { $0.library == plugin.path && $0.settings == settings }
            let server = index.map { idle.remove(at: $0) }
            lock.unlock()
            if let server {
                try server.open(plugin, params: params, seed: seed, node: node)
                return server
            }
        }
        return try PluginServerConnection(plugin: plugin, params: params, seed: seed, node: node, settings: settings)
    }

    /// Ends every idle server (at exit: the host waits for its children, so none outlives it and
    /// their CPU time is the host's).
    func shutdown() {
        lock.lock()
        let servers = idle
        idle.removeAll()
        lock.unlock()
        withExtendedLifetime(servers) {}
    }

    /// Takes back a server whose instance has ended; it is kept when it closed cleanly.
    func checkin(_ server: PluginServerConnection) {
        guard ServerPool.reuses(server.settings), server.closeInstance() else { return }
        lock.lock()
        defer { lock.unlock() }
        idle.append(server)
        if idle.count > ServerPool.capacity { idle.removeFirst() }
    }
}

/// One isolated instance's use of a server: returned to the pool when the instance ends.
final class ServerLease: @unchecked Sendable {
    let server: PluginServerConnection
    init(_ server: PluginServerConnection) { self.server = server }
    deinit { ServerPool.shared.checkin(server) }
}
