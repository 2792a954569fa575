import CDashostPlugin
import CIsolation
import Foundation

/// The child side of process isolation: `dashost __plugin-server [--sandbox SCRATCH] [--memory-mb N]
/// [--cpu-seconds N] [--open-files N]`, started by `PluginServerConnection` with the socket on
/// descriptor 3, the call arena on 4 and the callback arena on 5. It enters its limits (and the
/// sandbox) before any plugin code is loaded, then serves one plugin instance: the host's requests
/// run through the same instance types as in-process plugins, so every output check happens here
/// too (and again in the host, which trusts nothing that crosses the boundary).
public enum PluginServer {
    /// The hidden command.
    public static let childCommand = "__plugin-server"

    static let socketFD: Int32 = 3, callArenaFD: Int32 = 4, callbackArenaFD: Int32 = 5

    /// The child's main; returns its exit status.
    public static func child(_ arguments: [String]) -> Int32 {
        // No PR_SET_PDEATHSIG: it fires when the spawning *thread* ends, and the host spawns from
        // worker threads that come and go. A server notices the host's end on its socket instead,
        // and the host's signal handler kills its servers (LiveChildren).
        var options: [String: String] = [:]
        var i = 0
        while i + 1 < arguments.count { options[arguments[i]] = arguments[i + 1]; i += 2 }
        let memoryBytes = options["--memory-mb"].flatMap(UInt64.init).map { $0 << 20 } ?? 0
        let cpu = options["--cpu-seconds"].flatMap(UInt64.init) ?? 0
        if let scratch = options["--sandbox"] {
            if let failure = Sandbox.enter(scratch: scratch, memoryBytes: memoryBytes, cpuSeconds: cpu,
                                           openFiles: options["--open-files"].flatMap(UInt64.init) ?? Sandbox.openFiles) {
                FileHandle.standardError.write(Data("dashost: error: cannot enter the sandbox: \(failure)\n".utf8))
                return Sandbox.setupFailedStatus
            }
        } else {
            _ = dashost_set_limits(memoryBytes, cpu)
        }
        let server = Server(channel: WireChannel(fd: socketFD), calls: SharedArena(fd: callArenaFD),
                            callbacks: SharedArena(fd: callbackArenaFD), sandboxed: options["--sandbox"] != nil)
        return server.serve()
    }

    /// One served instance and its channels.
    private final class Server {
        let channel: WireChannel
        let calls: SharedArena
        let callbacks: SharedArena
        let sandboxed: Bool
        var detector: DetectorInstance?
        var policy: PolicyInstance?
        var classifier: ClassifierInstance?
        var fusion: FusionInstance?
        let callbackLock = NSLock()

        init(channel: WireChannel, calls: SharedArena, callbacks: SharedArena, sandboxed: Bool) {
            self.channel = channel
            self.calls = calls
            self.callbacks = callbacks
            self.sandboxed = sandboxed
        }

        func serve() -> Int32 {
            while true {
                guard let received = try? channel.receive(), case let .message(request) = received else { return 0 }
                if request["op"] as? String == "bye" { return 0 }
                var reply: [String: Any]
                do {
                    try calls.refresh()
                    reply = try handle(request)
                    reply["ok"] = true
                } catch {
                    reply = PluginServer.errorReply(error)
                }
                if sandboxed {
                    var buffer = [CChar](repeating: 0, count: 8192)
                    if dashost_sandbox_take_refusals(&buffer, buffer.count) > 0 { reply["refusals"] = String(cString: buffer) }
                }
                guard channel.send(reply) else { return 0 }
            }
        }

        func matrix(_ request: [String: Any], _ key: String) throws -> DataMatrix {
            guard let ref = request[key] as? [String: Any], let at = ref["at"] as? Int, let rows = ref["rows"] as? Int,
                  let cols = ref["cols"] as? Int else { throw IsolationError.protocolViolation("request without matrix '\(key)'") }
            let p = try calls.doubles(at: at, count: rows * cols)
            return DataMatrix(rows: rows, cols: cols, values: Array(UnsafeBufferPointer(start: p, count: rows * cols)))
        }

        func vector(_ request: [String: Any], _ key: String) throws -> UnsafeMutablePointer<Double> {
            guard let ref = request[key] as? [String: Any], let at = ref["at"] as? Int, let count = ref["count"] as? Int else {
                throw IsolationError.protocolViolation("request without vector '\(key)'")
            }
            return try calls.doubles(at: at, count: count)
        }

        func count(_ request: [String: Any], _ key: String) throws -> Int {
            guard let ref = request[key] as? [String: Any], let count = ref["count"] as? Int else {
                throw IsolationError.protocolViolation("request without vector '\(key)'")
            }
            return count
        }

        func handle(_ request: [String: Any]) throws -> [String: Any] {
            let op = request["op"] as? String ?? ""
            switch op {
            case "close":
                // The instance ends here; the server waits for the next open (ServerPool).
                detector = nil; policy = nil; classifier = nil; fusion = nil
                return [:]
            case "open":
                guard let path = request["library"] as? String, let name = request["plugin"] as? String,
                      let params = request["params"] as? String, let seed = (request["seed"] as? NSNumber)?.uint64Value else {
                    throw IsolationError.protocolViolation("incomplete open request")
                }
                let library = try PluginLibrary.open(path: path)
                guard let plugin = library.plugins.first(where: { $0.name == name }) else {
                    throw IsolationError.setup("'\(path)' no longer holds a plugin named '\(name)'")
                }
                switch plugin.kind {
                case .detector: detector = try DetectorInstance(plugin, params: params, seed: seed)
                case .policy: policy = try PolicyInstance(plugin, params: params, seed: seed)
                case .classifier: classifier = try ClassifierInstance(plugin, params: params, seed: seed)
                case .fusion: fusion = try FusionInstance(plugin, params: params, seed: seed)
                }
                return [:]
            case "fit" where detector != nil:
                try detector!.fit(try matrix(request, "x"))
                return [:]
            case "score" where detector != nil:
                let X = try matrix(request, "x")
                try detector!.score(X, into: try vector(request, "out"))
                return [:]
            case "training_scores" where detector != nil:
                let n = try count(request, "out")
                return ["offered": try detector!.trainingScores(into: try vector(request, "out"), rows: n)]
            case "generate" where policy != nil:
                let train = try matrix(request, "x")
                guard let count = request["count"] as? Int, let seed = (request["seed"] as? NSNumber)?.uint64Value else {
                    throw IsolationError.protocolViolation("incomplete generate request")
                }
                let out = try vector(request, "out")
                let scorer = ScoreCallbackContext { [unowned self] X, out, err in self.scoreThroughHost(X, out, err) }
                try policy!.generate(train: train, scorer: scorer, count: count, seed: seed, into: out)
                return [:]
            case "fit" where classifier != nil:
                let X = try matrix(request, "x")
                let y = try vector(request, "y")
                try classifier!.fit(X, labels: Array(UnsafeBufferPointer(start: y, count: X.rows)))
                return [:]
            case "predict_proba" where classifier != nil:
                try classifier!.predictProbability(try matrix(request, "x"), into: try vector(request, "out"))
                return [:]
            case "heldout_proba" where classifier != nil:
                let n = try count(request, "out")
                return ["offered": try classifier!.heldOutProbability(into: try vector(request, "out"), rows: n)]
            case "fuse" where fusion != nil:
                guard let columns = request["columns"] as? [[String: Any]] else { throw IsolationError.protocolViolation("fuse without columns") }
                let parsed = try columns.map { c -> (name: String, scores: [Double], reference: [Double]) in
                    let s = try vector(c, "scores"), r = try vector(c, "reference")
                    return (c["name"] as? String ?? "",
                            Array(UnsafeBufferPointer(start: s, count: try count(c, "scores"))),
                            Array(UnsafeBufferPointer(start: r, count: try count(c, "reference"))))
                }
                _ = try fusion!.fuse(count: parsed.count, column: { parsed[$0] }, into: try vector(request, "out"))
                return [:]
            default:
                throw IsolationError.protocolViolation("operation '\(op)' does not apply to this instance")
            }
        }

        /// The policy's score callback: the rows go to the host through the callback arena, the
        /// host's detector scores them, the scores come back the same way.
        func scoreThroughHost(_ X: dashost_matrix, _ out: UnsafeMutablePointer<Double>?,
                              _ err: UnsafeMutablePointer<dashost_error>?) -> dashost_status {
            callbackLock.lock()
            defer { callbackLock.unlock() }
            let rows = Int(X.rows), cols = Int(X.cols)
            var layout = ArenaLayout()
            let xAt = layout.add(rows * cols), outAt = layout.add(rows)
            do {
                try callbacks.reserve(layout.bytes)
                if rows * cols > 0, let data = X.data {
                    try callbacks.doubles(at: xAt, count: rows * cols).update(from: data, count: rows * cols)
                }
                guard channel.send(["callback": "score", "x": ["at": xAt, "rows": rows, "cols": cols],
                                    "out": ["at": outAt, "count": rows]]),
                      case let .message(reply) = try channel.receive() else {
                    return dashost_error_set_message(err, DASHOST_ERR_CALLBACK, "the host went away during the score callback")
                }
                guard reply["ok"] as? Bool == true else {
                    let status = dashost_status(reply["status"] as? Int ?? Int(DASHOST_ERR_CALLBACK))
                    return dashost_error_set_message(err, status, reply["message"] as? String ?? "the score callback failed")
                }
                if rows > 0, let out { out.update(from: try callbacks.doubles(at: outAt, count: rows), count: rows) }
                return DASHOST_OK
            } catch {
                return dashost_error_set_message(err, DASHOST_ERR_CALLBACK, "\(error)")
            }
        }
    }

    /// A failed call as the host rebuilds it: the plugin's status and message, an output check, or
    /// any other error's text.
    static func errorReply(_ error: Error) -> [String: Any] {
        switch error {
        case let e as PluginCallError:
            return ["ok": false, "type": "call", "operation": e.operation, "status": Int(e.status), "message": e.message]
        case let e as PluginOutputError:
            return ["ok": false, "type": "output", "operation": e.operation, "detail": e.detail]
        default:
            return ["ok": false, "type": "other", "message": "\(error)"]
        }
    }
}
