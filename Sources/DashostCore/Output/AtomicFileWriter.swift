import Foundation

import Glibc

/// Why an output file could not be written.
public enum OutputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A system call failed; `operation` says which step, `reason` is `strerror(errno)`.
    case systemCall(path: String, operation: String, reason: String)
    /// The columns of a scores table have different lengths.
    case columnLengthMismatch(path: String, column: String, count: Int, expected: Int)
    /// A scores table with no column.
    case noColumns(path: String)

    public var description: String {
        switch self {
        case let .systemCall(path, operation, reason):
            return "\(path): cannot \(operation): \(reason)"
        case let .columnLengthMismatch(path, column, count, expected):
            return "\(path): column '\(column)' has \(count) values, the first column has \(expected)"
        case let .noColumns(path):
            return "\(path): no columns to write"
        }
    }
}

/// Writes a file all-or-nothing: the content goes to a temporary file in the destination's directory,
/// is flushed to disk (`fsync`), and only then renamed over the destination, so a reader sees either the
/// old file or the complete new one. On any error, or when the body throws, the temporary file is
/// removed and the destination is untouched. Only regular files are written: a destination that is a
/// directory, FIFO, device or socket is refused (renaming over `/dev/null` would replace it).
public enum AtomicFileWriter {
    /// Buffered output to the temporary file, handed to the body of `write(to:_:)`.
    public final class Sink {
        fileprivate let descriptor: Int32
        fileprivate let path: String
        private var buffer: [UInt8] = []
        private static let flushThreshold = 1 << 16

        fileprivate init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
            buffer.reserveCapacity(Self.flushThreshold)
        }

        /// Appends the UTF-8 bytes of `text`.
        public func write(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= Self.flushThreshold { try flush() }
        }

        /// Appends raw bytes.
        public func write(bytes: [UInt8]) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushThreshold { try flush() }
        }

        /// Writes the buffered bytes to the file (retrying short writes and EINTR).
        fileprivate func flush() throws {
            var offset = 0
            while offset < buffer.count {
                let written = buffer.withUnsafeBytes { raw in
                    Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputError.systemCall(path: path, operation: "write", reason: String(cString: strerror(errno)))
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// A complete, flushed temporary file waiting to be renamed onto its target.
    public final class StagedFile: @unchecked Sendable {
        /// Where the content goes (a symlink inside the output folder already followed).
        public let target: String
        /// The temporary file holding it, in the target's directory.
        public let temporary: String
        private var done = false

        fileprivate init(target: String, temporary: String) {
            self.target = target
            self.temporary = temporary
        }

        /// Renames the temporary file onto the target and makes the rename durable.
        public func publish() throws {
            guard !done else { return }
            // The target may have been replaced since it was checked: still never rename over a
            // non-regular file.
            _ = try OutputTarget.resolve(target)
            guard rename(temporary, target) == 0 else {
                let reason = String(cString: strerror(errno))
                discard()
                throw OutputError.systemCall(path: target, operation: "rename the temporary file onto it", reason: reason)
            }
            done = true
            TemporaryFiles.unregister(temporary)
            // Make the rename itself durable; failure here leaves a complete file, so it is not an error.
            let directoryDescriptor = Glibc.open(URL(fileURLWithPath: target).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
            if directoryDescriptor >= 0 {
                _ = fsync(directoryDescriptor)
                close(directoryDescriptor)
            }
        }

        /// Removes the temporary file; the target is untouched.
        public func discard() {
            guard !done else { return }
            done = true
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }

        deinit { discard() }
    }

    /// Writes what `body` writes to a temporary file next to `path`, flushed to disk, and returns it
    /// unpublished. `path` must be, or point (through a symlink) at, a regular file or nothing; a
    /// directory, FIFO, device or socket is refused before anything is written. The temporary file is
    /// removed on error, on `discard`, and on SIGINT / SIGTERM / SIGHUP (`TemporaryFiles`).
    public static func stage(to path: String, _ body: (Sink) throws -> Void) throws -> StagedFile {
        let target = try OutputTarget.resolve(path)
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        // The handlers are in place before the file exists, and on this thread the file is created and
        // recorded with the cleanup signals blocked, so a signal between the two cannot leave it behind.
        TemporaryFiles.prepare()
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&blocked, signalNumber) }
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let createError = errno
        if descriptor >= 0 { TemporaryFiles.register(String(cString: template)) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard descriptor >= 0 else {
            throw OutputError.systemCall(path: path, operation: "create a temporary file in \(directory)",
                                         reason: String(cString: strerror(createError)))
        }
        let temporaryPath = String(cString: template)
        let staged = StagedFile(target: target, temporary: temporaryPath)
        var open = true
        defer { if open { close(descriptor) } }
        func fail(_ operation: String) -> OutputError {
            .systemCall(path: path, operation: operation, reason: String(cString: strerror(errno)))
        }

        // mkstemp creates 0600; give the result the usual 0644 (or the replaced file's mode).
        var mode: mode_t = 0o644
        var existing = stat()
        if stat(target, &existing) == 0 { mode = existing.st_mode & 0o7777 }
        guard fchmod(descriptor, mode) == 0 else { throw fail("set permissions") }

        let sink = Sink(descriptor: descriptor, path: path)
        try body(sink)
        try sink.flush()
        guard fsync(descriptor) == 0 else { throw fail("fsync") }
        open = false
        guard close(descriptor) == 0 else { throw fail("close") }
        return staged
    }

    /// Creates or replaces `path` with what `body` writes to the sink (`stage`, then `publish`).
    public static func write(to path: String, _ body: (Sink) throws -> Void) throws {
        try stage(to: path, body).publish()
    }

    /// Creates or replaces `path` with `text` (UTF-8).
    public static func write(_ text: String, to path: String) throws {
        try write(to: path) { try $0.write(text) }
    }
}
