import CIsolation
import DashostPluginKit
import Foundation

/// The `python_policy` plugin: runs `generate_hard_anomalies(n_samples, model, X_train)` of a Python
/// file (the paper's LLM-written policies, unchanged) in a sandboxed Python child process, with
/// `model.predict_score(X)` answered by the host's score callback. See docs/plugin-guide.md,
/// "Policies in Python".
///
/// Every `generate` starts a fresh child: dashost-sandbox-exec (next to this library) enters the
/// sandbox in errno mode (no network, no writes outside a fresh scratch folder, no new processes,
/// address-space, CPU-time and open-file limits) and execs the interpreter, which runs
/// `PythonRunnerSource`; frames (`BridgeMessage`) travel over two pipes.
final class PythonPolicyPlugin: PolicyPlugin {
    /// The params message when `script` is empty.
    static let missingScript = "python_policy needs its 'script' param: the path of a .py file defining generate_hard_anomalies"
    /// What the sandbox allows, for messages about refused calls.
    static let sandboxRules = "the sandbox allows no network, no writes outside its scratch folder, no new processes"

    private let script: String
    private let function: String
    private let sha256: String
    private let python: String
    private let timeout: Double
    private let memoryMB: Int
    private let host: PluginHost?

    init(params: PluginParams, seed: UInt64) throws {
        script = try params.string("script", default: "",
                                   doc: "path of the .py file defining the policy function (required; read-only to the policy)")
        function = try params.string("function", default: "generate_hard_anomalies",
                                     doc: "name of the function called as f(n_samples, model, X_train)")
        sha256 = try params.string("sha256", default: "",
                                   doc: "SHA-256 (hex) the script must have before it runs; empty: not checked")
        python = try params.string("python", default: "",
                                   doc: "the Python interpreter; empty: $DASHOST_PYTHON, else /usr/bin/python3, else python3 on PATH")
        timeout = try params.double("timeout_seconds", default: 600, in: 0.1...604_800,
                                    doc: "wall-time limit of the Python child, in seconds; it is killed after it")
        memoryMB = try params.int("memory_mb", default: 4096, in: 64...1_048_576,
                                  doc: "address-space limit of the Python child, in MiB")
        host = params.host
        let hex = sha256.lowercased()
        guard hex.isEmpty || (hex.count == 64 && hex.allSatisfy(\.isHexDigit)) else {
            throw PluginError.badParams("python_policy: parameter 'sha256' must be 64 hexadecimal digits, got '\(sha256)'")
        }
        guard !function.isEmpty else { throw PluginError.badParams("python_policy: parameter 'function' must name a function") }
    }

    /// The script's file name, as messages name the policy.
    private var scriptName: String { (script as NSString).lastPathComponent }

    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        guard !script.isEmpty else { throw PluginError.badParams(Self.missingScript) }
        let source = try readScript()
        guard dashost_landlock_abi() >= 1 else {
            throw PluginError.unsupported("python_policy runs Python only sandboxed, and this kernel has no Landlock "
                + "(Linux 5.13 or later, with landlock among its LSMs) to confine the child's writes: refusing to run '\(scriptName)' unsandboxed")
        }
        let interpreter = try PythonInterpreter.resolve(param: python)
        let launcher = try Self.sandboxExecutable()
        let scratch = try Self.makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let threads = host?.threadBudget ?? 1
        let memoryBytes = UInt64(memoryMB) << 20
        let cpuSeconds = UInt64((timeout * Double(threads)).rounded(.up)) + 10
        let arguments = [launcher, "--output-fd", "5", scratch, "\(memoryBytes)", "\(cpuSeconds)", "--",
                         interpreter, "-B", "-s", "-X", "faulthandler", "-c", PythonRunnerSource.text]
        let child = try PythonChild(program: launcher, arguments: arguments,
                                    environment: Self.environment(scratch: scratch, threads: threads),
                                    timeout: timeout, host: host)
        defer { child.stop() }
        do {
            try run(child, train: train, scorer: scorer, count: count, seed: seed, source: source,
                    maxPayload: memoryBytes, into: out)
        } catch let stop as PythonChild.Stop {
            throw error(for: stop, child: child, cpuSeconds: cpuSeconds)
        }
    }

    /// The conversation: INIT and TRAIN, then score requests until RESULT or ERROR.
    private func run(_ child: PythonChild, train: MatrixView, scorer: Scorer, count: Int, seed: UInt64, source: [UInt8],
                     maxPayload: UInt64, into out: UnsafeMutableBufferPointer<Double>) throws {
        let initPayload = Array(function.utf8) + [0] + Array(script.utf8) + [0] + source
        try initPayload.withUnsafeBytes { try child.send(.initialize, a: UInt64(count), b: seed, payload: $0) }
        try child.send(.train, a: UInt64(train.rows), b: UInt64(train.cols), payload: UnsafeRawBufferPointer(train.elements))
        while true {
            let message = try child.receive(maxPayload: maxPayload)
            switch BridgeMessage.Kind(rawValue: message.kind) {
            case .scoreRequest:
                let rows = Int(message.a)
                guard message.b == UInt64(train.cols), rows > 0, message.payload.count == rows * train.cols * 8 else {
                    throw PythonChild.Stop.protocolError("a score request of \(message.a) x \(message.b) with \(message.payload.count) bytes")
                }
                let X = message.doubles
                var scores = [Double](repeating: 0, count: rows)
                try X.withUnsafeBufferPointer { x in
                    try scores.withUnsafeMutableBufferPointer { try scorer.score(x.baseAddress!, rows: rows, into: $0.baseAddress!) }
                }
                try scores.withUnsafeBytes { try child.send(.scores, a: UInt64(rows), b: 1, payload: $0) }
            case .result:
                guard message.a == UInt64(count), message.b == UInt64(train.cols), message.payload.count == out.count * 8 else {
                    throw PythonChild.Stop.protocolError("a result of \(message.a) x \(message.b) with \(message.payload.count) bytes")
                }
                let values = message.doubles
                for i in 0..<out.count { out[i] = values[i] }
                return
            case .error:
                throw error(kind: PythonErrorKind(rawValue: message.a), text: message.text)
            default:
                throw PythonChild.Stop.protocolError("a frame of unknown type \(message.kind)")
            }
        }
    }

    // MARK: - Errors

    /// The error of an ERROR frame.
    private func error(kind: PythonErrorKind?, text: String) -> PluginError {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .raised:
            return PluginError.internalError(BridgeErrorText.fit(prefix: "python policy '\(scriptName)' raised: ", body: text,
                                                                  suffix: notes(for: text)))
        case .loadFailed:
            return PluginError.internalError(BridgeErrorText.fit(prefix: "python policy '\(scriptName)' failed to load: ", body: text,
                                                                  suffix: notes(for: text)))
        case .numpyMissing:
            return PluginError.internalError(BridgeErrorText.fit(prefix: "python_policy: NumPy cannot be imported by the Python child (",
                                                                  body: text, suffix: "): " + PythonInterpreter.installHint))
        case .noFunction:
            return PluginError.badParams(BridgeErrorText.fit(prefix: "python_policy: ", body: text, suffix: " (the 'function' param)"))
        case .badShape:
            return PluginError.shape(BridgeErrorText.fit(prefix: "python policy '\(scriptName)': ", body: text))
        case .nonFinite:
            return PluginError.internalError(BridgeErrorText.fit(prefix: "python policy '\(scriptName)': ", body: text))
        case nil:
            return PluginError.internalError(BridgeErrorText.fit(prefix: "python policy '\(scriptName)': the child reported an unknown error: ", body: text))
        }
    }

    /// Why a traceback's exception probably happened, when the bridge knows: the sandbox refused a
    /// call, the memory limit, a missing package.
    private func notes(for traceback: String) -> String {
        let last = traceback.split(separator: "\n").last.map(String.init) ?? ""
        var notes: [String] = []
        if ["PermissionError", "BlockingIOError", "Operation not permitted", "Permission denied"].contains(where: last.contains) {
            notes.append(Self.sandboxRules)
        }
        if last.contains("MemoryError") || last.contains("Unable to allocate") {
            notes.append("the Python child's address space is limited to memory_mb = \(memoryMB) MiB")
        }
        if last.contains("ModuleNotFoundError") || last.contains("ImportError") {
            notes.append(PythonInterpreter.installHint)
        }
        return notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"
    }

    /// The error of a child that stopped before answering.
    private func error(for stop: PythonChild.Stop, child: PythonChild, cpuSeconds: UInt64) -> PluginError {
        let name = "python policy '\(scriptName)'"
        func withOutput(_ what: String) -> PluginError {
            let output = child.outputText()
            return PluginError.internalError(BridgeErrorText.fit(prefix: "\(name): \(what)" + (output.isEmpty ? " (it printed nothing)" : ": "),
                                                                  body: output))
        }
        switch stop {
        case .timedOut:
            return PluginError.internalError("\(name): the Python child was killed by SIGKILL after the "
                + "\(BridgeErrorText.seconds(timeout)) s wall-time limit (timeout_seconds)")
        case .cancelled:
            return PluginError.cancelled("\(name): cancelled; the Python child was stopped")
        case .exited(let status):
            return withOutput("the Python child exited with status \(status) before returning a result")
        case .signalled(let signal) where signal == SIGXCPU:
            return withOutput("the Python child was killed by SIGXCPU after its CPU-time limit of \(cpuSeconds) s")
        case .signalled(let signal):
            return withOutput("the Python child was killed by \(BridgeErrorText.signalName(signal)) before returning a result")
        case .protocolError(let what):
            return PluginError.internalError("\(name): the Python child broke the bridge's protocol: \(what)")
        }
    }

    // MARK: - Setup

    /// The script's bytes, checked against `sha256` when it is set.
    private func readScript() throws -> [UInt8] {
        guard let file = fopen(script, "rb") else {
            throw PluginError.badParams("python_policy cannot read its script '\(script)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n > 0 { bytes += chunk[0..<n] }
            if n < chunk.count { break }
        }
        guard ferror(file) == 0 else {
            throw PluginError.badParams("python_policy cannot read its script '\(script)': \(String(cString: strerror(errno)))")
        }
        if !sha256.isEmpty {
            guard let actual = ScriptDigest.sha256(bytes) else { throw PluginError.internalError("python_policy: SHA-256 unavailable") }
            guard actual == sha256.lowercased() else {
                throw PluginError.badParams("python_policy: script '\(script)' has SHA-256 \(actual), but the 'sha256' param pins \(sha256.lowercased()); refusing to run it")
            }
        }
        return bytes
    }

    /// dashost-sandbox-exec, in the folder of this library (where `swift build` puts both).
    private static func sandboxExecutable() throws -> String {
        let entry: @convention(c) () -> UnsafeRawPointer = dashostLibraryEntry
        var name = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard dashost_object_path(unsafeBitCast(entry, to: UnsafeRawPointer.self), &name, name.count) == 0 else {
            throw PluginError.internalError("python_policy: cannot find its own library's folder (dladdr failed)")
        }
        var folder = (String(cString: name) as NSString).deletingLastPathComponent
        if let resolved = realpath(folder.isEmpty ? "." : folder, nil) {
            folder = String(cString: resolved)
            free(resolved)
        }
        let path = folder + "/dashost-sandbox-exec"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw PluginError.internalError("python_policy: \(path) is missing: it is built with the library (`swift build -c release` builds the dashost-sandbox-exec product) and must sit next to libdashost_python_bridge.so")
        }
        return path
    }

    /// A fresh, private folder under `$TMPDIR` (else /tmp): the only one the child may write.
    private static func makeScratchFolder() throws -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/dashost-python-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PluginError.internalError("python_policy: cannot create a scratch folder in \(base): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// The child's whole environment: nothing of the host's is inherited but OPENBLAS_CORETYPE (the
    /// host sets it for OpenBLAS's kernel choice; docs/plugin-guide.md, "Threads and BLAS").
    private static func environment(scratch: String, threads: Int) -> [String] {
        var env = ["PATH=/usr/bin:/bin", "HOME=\(scratch)", "TMPDIR=\(scratch)", "LANG=C.UTF-8",
                   "PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0", "PYTHONIOENCODING=utf-8",
                   "OMP_NUM_THREADS=\(threads)", "OPENBLAS_NUM_THREADS=\(threads)", "MKL_NUM_THREADS=\(threads)"]
        if let value = getenv("OPENBLAS_CORETYPE"), case let core = String(cString: value), !core.isEmpty {
            env.append("OPENBLAS_CORETYPE=\(core)")
        }
        return env
    }
}
