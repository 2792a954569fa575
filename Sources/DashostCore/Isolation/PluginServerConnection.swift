import CDashostPlugin
import CIsolation
import Foundation
import Synchronization

/// The host side of one isolated plugin instance: a `dashost __plugin-server` child with a socket
/// for small messages and two shared arenas for matrices. Every way the child can fail (a signal,
/// an exit, a wall-time overrun, a refusal by the sandbox, a malformed reply) becomes an error that
/// names the plugin, the node and the operation; the host itself is never at risk.
final class PluginServerConnection: @unchecked Sendable {
    /// The `dashost` executable that runs servers: `$DASHOST_EXECUTABLE`, else the running executable
    /// when it is `dashost`, else `dashost` next to it.
    nonisolated(unsafe) static var serverExecutable: String? = {
        if let given = ProcessInfo.processInfo.environment["DASHOST_EXECUTABLE"], !given.isEmpty { return given }
        guard let me = PluginSearchPath.executablePath() else { return nil }
        if URL(fileURLWithPath: me).lastPathComponent == "dashost" { return me }
        let sibling = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("dashost").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }()

    /// Servers started by this process so far (tests check that idle servers are reused).
    static let started = Atomic<Int>(0)

    /// The plugin and node it serves now (a pooled server serves one after another).
    private(set) var plugin: String
    private(set) var node: String
    let settings: IsolationSettings
    /// The library its plugins come from (servers are pooled per library and settings).
    let library: String
    let calls: SharedArena
    let callbacks: SharedArena
    private let channel: WireChannel
    private let pid: pid_t
    private let scratch: String?
    private let lock = NSRecursiveLock()
    /// Set once the child is gone; every later call fails with the same reason.
    private var dead: String?

    /// Starts the child and opens `plugin` in it with `params` and `seed`.
    init(plugin: Plugin, params: String, seed: UInt64, node: String, settings: IsolationSettings) throws {
        self.plugin = plugin.name
        self.node = node
        self.settings = settings
        self.library = plugin.path
        guard let executable = PluginServerConnection.serverExecutable else {
            throw IsolationError.setup("cannot find the dashost executable to run plugin '\(plugin.name)' of node '\(node)' in a child process (set DASHOST_EXECUTABLE)")
        }
        var pair: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw IsolationError.setup("socketpair failed: \(String(cString: strerror(errno)))")
        }
        calls = try SharedArena(name: "dashost-calls")
        callbacks = try SharedArena(name: "dashost-callbacks")
        var arguments = [executable, PluginServer.childCommand]
        var scratch: String?
        if settings.level == .sandbox {
            guard Sandbox.isAvailable else {
                close(pair[0]); close(pair[1])
                throw IsolationError.setup("plugin '\(plugin.name)' of node '\(node)' must run sandboxed, but this kernel has no Landlock to confine its writes")
            }
            guard let made = try? TemporaryFolder(prefix: "dashost-scratch") else {
                close(pair[0]); close(pair[1])
                throw IsolationError.setup("cannot create a scratch folder: \(String(cString: strerror(errno)))")
            }
            scratch = made.path
            arguments += ["--sandbox", scratch!, "--cpu-seconds", "\(settings.cpuSeconds ?? Sandbox.defaultCPUSeconds)",
                          "--memory-mb", "\(settings.memoryLimitMB ?? Sandbox.defaultMemoryLimitMB)"]
        } else {
            if let mb = settings.memoryLimitMB { arguments += ["--memory-mb", "\(mb)"] }
            if let cpu = settings.cpuSeconds { arguments += ["--cpu-seconds", "\(cpu)"] }
        }
        self.scratch = scratch
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash is reported by the host, in one line
        if let scratch { environment["TMPDIR"] = scratch; environment["HOME"] = scratch }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let fds: [Int32] = [pair[1], calls.fd, callbacks.fd]
        let pid = dashost_spawn(executable, argv, envp, fds, Int32(fds.count))
        close(pair[1])
        guard pid > 0 else {
            close(pair[0])
            throw IsolationError.setup("cannot start \(executable): \(String(cString: strerror(-pid)))")
        }
        self.pid = pid
        LiveChildren.add(pid)
        PluginServerConnection.started.add(1, ordering: .relaxed)
        channel = WireChannel(fd: pair[0])
        try open(plugin, params: params, seed: seed, node: node)
    }

    /// Opens `plugin` with `params` and `seed` in the server, for `node`. The reply is read by the
    /// first call: a run starts all its servers at once and each loads its plugin while the host
    /// goes on.
    func open(_ plugin: Plugin, params: String, seed: UInt64, node: String) throws {
        try lockedCall {
            self.plugin = plugin.name
            self.node = node
            let open: [String: Any] = ["op": "open", "library": plugin.path, "plugin": plugin.name, "params": params,
                                       "seed": NSNumber(value: seed)]
            guard channel.send(open) else { throw failure("create") }
            openPending = true
        }
    }

    /// Ends the served instance and leaves the server ready for another open; false when the
    /// server is no longer fit for reuse (gone, or its instance failed to be created or closed).
    func closeInstance() -> Bool {
        lockedCall {
            guard dead == nil else { return false }
            do {
                if openPending { openPending = false; _ = try exchange(nil, operation: "create", callback: nil) }
                _ = try exchange(["op": "close"], operation: "destroy", callback: nil)
                return true
            } catch {
                return false
            }
        }
    }

    /// Whether the reply to the open request is still to be read.
    private var openPending = false

    deinit {
        if dead == nil {
            channel.send(["op": "bye"])
            // A server that does not leave promptly is ended: it holds no result anyone waits for.
            if !reap(within: 2) { kill(pid, SIGKILL); _ = reap(within: nil) }
        }
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }

    /// Runs `body` holding this connection (recursive: `run` holds it across `call`).
    func lockedCall<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Sends one request and waits for its reply, serving the child's score callbacks meanwhile
    /// with `callback`. A failed plugin call is rethrown as the in-process error would be.
    func call(_ op: String, _ request: [String: Any], operation: String,
              callback: (([String: Any]) -> [String: Any])? = nil) throws -> [String: Any] {
        lock.lock()
        defer { lock.unlock() }
        if let dead { throw PipelineError(dead) }
        if openPending {
            openPending = false
            _ = try exchange(nil, operation: "create", callback: nil)
        }
        return try exchange(request.merging(["op": op]) { _, new in new }, operation: operation, callback: callback)
    }

    /// Sends `message` (nil: only waits for the pending reply) and reads the reply.
    private func exchange(_ message: [String: Any]?, operation: String,
                          callback: (([String: Any]) -> [String: Any])?) throws -> [String: Any] {
        let deadline = settings.timeoutSeconds.map { DispatchTime.now() + $0 }
        if let message { guard channel.send(message) else { throw failure(operation) } }
        while true {
            let received: WireChannel.Received
            do { received = try channel.receive(deadline: deadline) } catch { throw broken(operation, "\(error)") }
            switch received {
            case .closed:
                throw failure(operation)
            case .timedOut:
                kill(pid, SIGKILL)
                _ = reap(within: nil)
                let reason = "plugin '\(plugin)' in node '\(node)' did not finish \(operation) within \(JSONNumber.format(settings.timeoutSeconds!)) s (its wall-time limit, option timeout_seconds) and was stopped"
                dead = reason
                throw PipelineError(reason)
            case let .message(reply):
                if reply["callback"] != nil {
                    let answer = callback?(reply) ?? ["ok": false, "status": Int(DASHOST_ERR_CALLBACK), "message": "no score callback in \(operation)"]
                    guard channel.send(answer) else { throw failure(operation) }
                    continue
                }
                if let refusals = reply["refusals"] as? String, !refusals.isEmpty {
                    let lines = refusals.split(separator: "\n").map(String.init)
                    throw PipelineError("plugin '\(plugin)' in node '\(node)' was stopped by the sandbox during \(operation): \(lines.joined(separator: "; "))")
                }
                guard reply["ok"] as? Bool == true else { throw rebuild(reply, operation) }
                return reply
            }
        }
    }

    /// The reason the child is gone, as an error (and remembered: later calls fail the same way).
    private func failure(_ operation: String) -> Error {
        if !reap(within: 5) { kill(pid, SIGKILL); _ = reap(within: nil) }
        let reason: String
        switch ending {
        case let .signalled(signal)?:
            var hint = ""
            if signal == SIGXCPU || (signal == SIGKILL && settings.cpuSeconds != nil) {
                hint = " (its CPU-time limit is \(settings.cpuSeconds ?? Sandbox.defaultCPUSeconds) s)"
            } else if let mb = effectiveMemoryLimit, [SIGSEGV, SIGABRT, SIGTRAP, SIGILL, SIGBUS].contains(signal) {
                hint = " (it ran with a \(mb) MiB address-space limit)"
            }
            reason = "plugin '\(plugin)' in node '\(node)' was killed by \(ChildProcess.signalName(signal)) during \(operation)\(hint)"
        case let .exited(code)?:
            let why = code == 70 ? ": the plugin called exit()" : code == Sandbox.setupFailedStatus ? ": it could not enter the sandbox" : ""
            reason = "plugin '\(plugin)' in node '\(node)' ended its process with exit status \(code) during \(operation)\(why)"
        default:
            reason = "plugin '\(plugin)' in node '\(node)': its process went away during \(operation)"
        }
        dead = reason
        return PipelineError(reason)
    }

    private func broken(_ operation: String, _ detail: String) -> Error {
        kill(pid, SIGKILL)
        _ = reap(within: nil)
        let reason = "plugin '\(plugin)' in node '\(node)': its process broke the protocol during \(operation) (\(detail)) and was stopped"
        dead = reason
        return PipelineError(reason)
    }

    private var effectiveMemoryLimit: Int? {
        settings.memoryLimitMB ?? (settings.level == .sandbox ? Sandbox.defaultMemoryLimitMB : nil)
    }

    /// Rebuilds the child's error as the in-process call would have thrown it.
    private func rebuild(_ reply: [String: Any], _ operation: String) -> Error {
        let op = reply["operation"] as? String ?? operation
        switch reply["type"] as? String {
        case "call":
            return PluginCallError(plugin: plugin, operation: op, status: dashost_status(reply["status"] as? Int ?? Int(DASHOST_ERR_INTERNAL)),
                                   message: reply["message"] as? String ?? "")
        case "output":
            return PluginOutputError(plugin: plugin, operation: op, detail: reply["detail"] as? String ?? "")
        default:
            return PipelineError("plugin '\(plugin)' in node '\(node)': \(reply["message"] as? String ?? "\(op) failed")")
        }
    }

    private var ending: ChildProcess.Ending?

    /// Waits for the child to end (up to `seconds`; nil: for good); true when it has.
    private func reap(within seconds: Double?) -> Bool {
        if ending != nil { return true }
        let deadline = seconds.map { DispatchTime.now() + $0 }
        while true {
            var status: Int32 = 0
            let r = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
            if r == pid {
                LiveChildren.remove(pid)
                ending = (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
                return true
            }
            if r < 0 && errno != EINTR { ending = .exited(-1); return true }
            if let deadline {
                if DispatchTime.now() >= deadline { return false }
                usleep(2000)
            }
        }
    }
}

/// The inputs and outputs of one isolated call, placed in the call arena.
final class ArenaCall {
    /// Values after each output that must still hold `Unwritten`'s pattern when the call returns: a
    /// plugin writing past its output changes them instead of a neighbouring matrix unnoticed.
    static let guardValues = 8

    private(set) var layout = ArenaLayout()
    private var writes: [(at: Int, values: [Double])] = []
    private var guards: [(at: Int, outputCount: Int)] = []

    /// A matrix input: its reference for the request.
    func matrix(_ m: DataMatrix) -> [String: Any] {
        let at = layout.add(m.values.count)
        writes.append((at, m.values))
        return ["at": at, "rows": m.rows, "cols": m.cols]
    }

    /// A vector input.
    func vector(_ v: [Double]) -> [String: Any] {
        let at = layout.add(v.count)
        writes.append((at, v))
        return ["at": at, "count": v.count]
    }

    /// Room for `count` output values: its reference and offset.
    func output(_ count: Int) -> (ref: [String: Any], at: Int) {
        let at = layout.add(count + Self.guardValues)
        guards.append((at + count * 8, count))
        return (["at": at, "count": count], at)
    }

    /// Throws if the plugin wrote into the guard values after one of its outputs.
    fileprivate func requireGuardsIntact(_ arena: SharedArena, plugin: String, operation: String) throws {
        for (at, outputCount) in guards {
            let values = try arena.doubles(at: at, count: Self.guardValues)
            if let changed = (0..<Self.guardValues).first(where: { !Unwritten.isUnwritten(values[$0]) }) {
                throw PluginOutputError(plugin: plugin, operation: operation, detail:
                    "it wrote past the end of its output: value \(outputCount + changed) of an output of \(outputCount) values was changed")
            }
        }
    }

    fileprivate func copy(into arena: SharedArena) throws {
        try arena.reserve(layout.bytes)
        for (at, values) in writes where !values.isEmpty {
            let p = try arena.doubles(at: at, count: values.count)
            values.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: values.count) }
        }
        for (at, _) in guards { Unwritten.fill(try arena.doubles(at: at, count: Self.guardValues), count: Self.guardValues) }
    }
}

extension PluginServerConnection {
    /// Runs `op` with the request `build` makes (placing its matrices in the call arena); `read`
    /// then reads the outputs from the arena, all while no other call uses this connection.
    func run<T>(_ op: String, operation: String, build: (ArenaCall) -> [String: Any],
                callback: (([String: Any]) -> [String: Any])? = nil,
                read: ([String: Any], SharedArena) throws -> T) throws -> T {
        try lockedCall {
            let placed = ArenaCall()
            let request = build(placed)
            try placed.copy(into: calls)
            let reply = try call(op, request, operation: operation, callback: callback)
            try calls.refresh()
            try placed.requireGuardsIntact(calls, plugin: plugin, operation: operation)
            return try read(reply, calls)
        }
    }

    /// Copies `count` outputs at `at` out of the arena.
    static func values(_ arena: SharedArena, at: Int, count: Int) throws -> [Double] {
        Array(UnsafeBufferPointer(start: try arena.doubles(at: at, count: count), count: count))
    }
}

