import Dispatch
import Foundation
import Glibc

/// Why an output target is refused, found before any work is done.
public struct OutputTargetError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Checks on a file dashost is about to write: it must be (or become) a regular file, and a symlink is
/// followed only when it stays inside the output folder.
enum OutputTarget {
    /// The path the content will actually be renamed onto: `path` itself, or where its symlink points.
    /// Throws when `path` is (or points at) a directory, FIFO, device or socket, or when `folder` is
    /// given and the symlink leads outside it.
    static func resolve(_ path: String, folder: String? = nil) throws -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return path }  // does not exist yet: created as a regular file
        var target = path
        if info.st_mode & S_IFMT == S_IFLNK {
            guard let real = realPath(path) else {
                throw OutputTargetError("\(path): is a symlink to a missing or unreachable file; refusing to write through it")
            }
            if let folder, let base = realPath(folder), !(real == base || real.hasPrefix(base.hasSuffix("/") ? base : base + "/")) {
                throw OutputTargetError("\(path): is a symlink to \(real), outside the output folder \(base); refusing to write through it")
            }
            target = real
            guard stat(real, &info) == 0 else { return real }
        }
        switch DataFileAccess.kind(of: info) {
        case .regular: return target
        case let .other(what):
            throw OutputTargetError("\(path): is \(what); outputs are written only as regular files (give a file path)")
        case .missing: return target
        }
    }

    /// `realpath(3)` of an existing path.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A canonical spelling of a path that may not exist yet: its directory resolved, then the name.
    static func canonical(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let url = URL(fileURLWithPath: path)
        let directory = realPath(url.deletingLastPathComponent().path) ?? url.deletingLastPathComponent().standardized.path
        return (directory.hasSuffix("/") ? directory : directory + "/") + url.lastPathComponent
    }

    /// Device and inode of an existing file (after symlinks), to recognise one file under two names.
    static func identity(_ path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}

/// The outputs of one pipeline run, checked before any node runs and published together at the end.
///
/// Every `write` node's `path` / `metrics_path` is a claimed target. Refused before the run starts:
/// two claims on one file (naming both nodes), a target that is a directory / FIFO / device / socket,
/// a symlink leading out of the output folder, and a target that is an input of the run (a source's
/// data, a plugin library, or a file in `protected`, e.g. the pipeline and registry files).
/// Writers stage their content in temporary files (`AtomicFileWriter.stage`); `publish` renames them
/// all onto their targets once every node has succeeded, and `discard` removes them when the run
/// fails, so a failed run leaves no new output behind.
final class OutputPlan: @unchecked Sendable {
    /// Resolved target paths by the node that writes them.
    private(set) var targets: [(node: String, field: String, path: String)] = []
    private var staged: [AtomicFileWriter.StagedFile] = []
    private let lock = NSLock()

    /// Checks every target of `pipeline`, whose relative write paths resolve against `outputFolder`.
    init(pipeline: ValidatedPipeline, outputFolder: String, protected: [(what: String, path: String)]) throws {
        var inputs: [(what: String, path: String)] = protected
        for id in pipeline.order {
            let node = pipeline.nodes[id]!
            if node.spec.type == .source, let path = try node.spec.string("path") {
                inputs.append(("the data of node '\(id)'", NodeContext.resolve(path, in: pipeline.spec.folder)))
            }
            if let plugin = node.plugin { inputs.append(("the plugin library of node '\(id)'", plugin.path)) }
        }
        if FileManager.default.fileExists(atPath: pipeline.spec.file) { inputs.append(("the pipeline file", pipeline.spec.file)) }
        let inputIdentities = inputs.compactMap { input in OutputTarget.identity(input.path).map { (input.what, input.path, $0) } }

        var byCanonical: [String: (node: String, field: String)] = [:]
        for id in pipeline.order where pipeline.nodes[id]!.spec.type == .write {
            let spec = pipeline.nodes[id]!.spec
            for field in ["path", "metrics_path"] {
                guard let given = try spec.string(field) else { continue }
                let path = NodeContext.resolve(given, in: outputFolder)
                let folder = given.hasPrefix("/") ? URL(fileURLWithPath: path).deletingLastPathComponent().path : outputFolder
                let resolved = try OutputTarget.resolve(path, folder: folder)
                let canonical = OutputTarget.canonical(resolved)
                // A relative path that stays in the folder as written but leaves it once symlinks are
                // followed (e.g. `sub/x.csv` with `sub -> /etc`).
                let lexical = URL(fileURLWithPath: path).standardized.path
                let folderLexical = URL(fileURLWithPath: outputFolder).standardized.path
                if !given.hasPrefix("/"), lexical.hasPrefix(folderLexical.hasSuffix("/") ? folderLexical : folderLexical + "/"),
                   let base = OutputTarget.realPath(outputFolder),
                   !canonical.hasPrefix(base.hasSuffix("/") ? base : base + "/") {
                    throw OutputTargetError("node '\(id)': field '\(field)' (\(given)) leads to \(canonical), outside the output folder \(base)")
                }
                if let other = byCanonical[canonical] {
                    let first = other.node == id ? "its field '\(other.field)'" : "node '\(other.node)' (field '\(other.field)')"
                    throw OutputTargetError("node '\(id)' (field '\(field)') and \(first) both write \(path): give each output its own file")
                }
                byCanonical[canonical] = (id, field)
                if let identity = OutputTarget.identity(resolved),
                   let input = inputIdentities.first(where: { $0.2 == identity }) {
                    throw OutputTargetError("node '\(id)': field '\(field)' would overwrite \(path), which is \(input.0) (\(input.1)); write it elsewhere")
                }
                targets.append((id, field, path))
            }
        }
    }

    /// Keeps a staged file for `publish` / `discard`.
    func add(_ file: AtomicFileWriter.StagedFile) {
        lock.lock(); defer { lock.unlock() }
        staged.append(file)
    }

    /// Renames every staged file onto its target.
    func publish() throws {
        lock.lock(); defer { lock.unlock() }
        for file in staged { try file.publish() }
        staged.removeAll()
    }

    /// Removes every staged file (the run failed).
    func discard() {
        lock.lock(); defer { lock.unlock() }
        for file in staged { file.discard() }
        staged.removeAll()
    }
}

/// Temporary files that exist only while dashost writes them: removed on SIGINT, SIGTERM and SIGHUP
/// before the process exits with that signal, so an interrupted write leaves nothing behind.
///
/// The handlers are plain C signal handlers (so child processes get the default dispositions back on
/// `exec`) that only call `unlink` on paths kept in a fixed table of C strings, then re-raise the signal
/// with its default action. A signal the process was started ignoring (`nohup`) stays ignored.
public enum TemporaryFiles {
    private static let lock = NSLock()
    private static let capacity = 4096
    /// Registered paths as C strings, read by the signal handler (no locks, no allocation there).
    nonisolated(unsafe) fileprivate static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()
    nonisolated(unsafe) private static var slots: [String: Int] = [:]
    private static let installed: Void = {
        _ = table
        _ = LiveChildren.table
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber, temporaryFilesSignalHandler)
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(signalNumber, SIG_IGN) }
        }
    }()

    /// Installs the signal handlers (idempotent): called before a temporary file is created, so a
    /// signal arriving on any thread right after its creation finds them in place.
    public static func prepare() { _ = installed }

    /// Records `path` as temporary (and installs the signal handlers on first use).
    public static func register(_ path: String) {
        _ = installed
        lock.lock(); defer { lock.unlock() }
        guard slots[path] == nil, let free = (0..<capacity).first(where: { table[$0] == nil }) else { return }
        table[free] = strdup(path)
        slots[path] = free
    }

    /// `path` is no longer temporary (renamed or removed).
    public static func unregister(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        guard let slot = slots.removeValue(forKey: path) else { return }
        let string = table[slot]
        table[slot] = nil
        free(string)
    }

    /// The temporary files that exist now (for tests).
    public static var current: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return Set(slots.keys)
    }

}

/// SIGINT / SIGTERM / SIGHUP: stop the plugin servers, remove the temporary files, then die of the
/// signal as if unhandled.
private func temporaryFilesSignalHandler(_ signalNumber: Int32) {
    LiveChildren.killAll()
    let table = TemporaryFiles.table
    for slot in 0..<4096 {
        if let path = table[slot] { unlink(path) }
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}

/// One writer per output folder: an exclusive `flock` on `FOLDER/.dashost.lock`, whose content names
/// the holder (pid, command, start time). The kernel releases the lock when the holder exits, however
/// it exits, so a stale file never blocks anyone; a second `bench` or `run` on the folder is refused
/// with the holder's name.
public final class OutputFolderLock {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Takes the folder's lock for `command` (e.g. "dashost bench"), creating the folder if needed.
    public init(folder: String, command: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: folder).appendingPathComponent(".dashost.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw OutputError.systemCall(path: path, operation: "open the output folder's lock file", reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)).map(DataFileAccess.trimmed) ?? ""
            close(fd)
            throw OutputTargetError("\(folder) is in use by another dashost (\(holder.isEmpty ? "holder unknown" : holder)); "
                + "wait for it to finish or use another output folder")
        }
        descriptor = fd
        let stamp = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(getpid()), \(command), started \(stamp)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
