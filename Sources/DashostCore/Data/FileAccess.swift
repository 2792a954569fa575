import Foundation
import Glibc

/// File and name helpers shared by the data readers.
@_spi(Testing) public enum DataFileAccess {
    /// What a path names, as far as reading data from it is concerned.
    enum Kind: Equatable {
        case regular(size: Int)
        case missing
        case other(String)
    }

    /// The kind of `path` (following symlinks), e.g. `.other("a directory")`.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(of: info)
    }

    /// The kind described by `info`.
    static func kind(of info: stat) -> Kind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size))
        case S_IFDIR: return .other("a directory")
        case S_IFIFO: return .other("a FIFO (named pipe)")
        case S_IFCHR: return .other("a character device")
        case S_IFBLK: return .other("a block device")
        case S_IFSOCK: return .other("a socket")
        default: return .other("not a regular file")
        }
    }

    /// True when `path` names an existing regular file (after symlinks).
    static func isRegularFile(_ path: String) -> Bool {
        if case .regular = kind(path) { return true }
        return false
    }

    /// Throws unless `path` names a regular file: `fileNotFound` when nothing is there, `notRegularFile`
    /// naming what is (a directory, FIFO, device or socket). Returns the file's size.
    @discardableResult
    static func requireRegularFile(_ path: String) throws -> Int {
        switch kind(path) {
        case let .regular(size): return size
        case .missing: throw DataError.fileNotFound(path: path)
        case let .other(what): throw DataError.notRegularFile(path: path, kind: what)
        }
    }

    /// Opens a regular file read-only and returns its descriptor and size. The open itself never blocks
    /// (`O_NONBLOCK`, so a FIFO swapped in after a check cannot hang the process) and the type is checked
    /// on the opened descriptor.
    static func openRegularFile(_ path: String) throws -> (descriptor: Int32, size: Int) {
        try requireRegularFile(path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if errno == ENOENT { throw DataError.fileNotFound(path: path) }
            throw DataError.unreadable(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard case let .regular(size) = kind(of: info) else {
            close(descriptor)
            if case let .other(what) = kind(of: info) { throw DataError.notRegularFile(path: path, kind: what) }
            throw DataError.fileNotFound(path: path)
        }
        // Back to blocking reads (regular files never block anyway).
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return (descriptor, size)
    }

    /// The whole content of a regular file, with `DataError`s that name it.
    @_spi(Testing) public static func readAll(_ path: String) throws -> [UInt8] {
        let (descriptor, size) = try openRegularFile(path)
        defer { close(descriptor) }
        if size == 0 { throw DataError.emptyFile(path: path, detail: "0 bytes") }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, size - filled, off_t(filled)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { throw DataError.unreadable(path: path, reason: "the file shrank while it was read") }
            filled += got
        }
        return bytes
    }

    /// The file name without directories and extension: `/data/Hepatitis.npz` -> `Hepatitis`.
    static func datasetName(fromPath path: String) -> String {
        let file = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }

    /// `text` without leading and trailing whitespace (including `\r`).
    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
