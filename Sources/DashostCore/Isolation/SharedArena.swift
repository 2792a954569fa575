import CIsolation
import Foundation

/// A shared-memory region (a `memfd`) mapped by the host and one plugin server: matrices cross the
/// process boundary through it, never through the socket. One side owns it (grows it with
/// `reserve`); the other maps what the owner made (`refresh`) before reading or writing.
final class SharedArena {
    /// The memfd.
    let fd: Int32
    private(set) var base: UnsafeMutableRawPointer?
    private(set) var size = 0

    /// A new, empty arena (host side).
    init(name: String) throws {
        let fd = dashost_memfd(name)  // no close-on-exec: only the spawn's file actions decide what the child gets
        guard fd >= 0 else { throw IsolationError.setup("memfd_create failed: \(String(cString: strerror(errno)))") }
        self.fd = fd
    }

    /// An arena received as descriptor `fd` (server side).
    init(fd: Int32) { self.fd = fd }

    deinit {
        unmap()
        close(fd)
    }

    /// Makes the arena at least `bytes` long (the owner's side), growing it geometrically.
    func reserve(_ bytes: Int) throws {
        let current = try fileSize()
        if bytes > current {
            let target = max(bytes, current + current / 2, 1 << 16)
            guard ftruncate(fd, off_t(target)) == 0 else {
                throw IsolationError.setup("cannot grow the shared matrix memory to \(target) bytes: \(String(cString: strerror(errno)))")
            }
        }
        try refresh()
    }

    /// Maps the arena as its owner last sized it.
    func refresh() throws {
        let length = try fileSize()
        guard length != size else { return }
        unmap()
        guard length > 0 else { return }
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw IsolationError.setup("cannot map \(length) bytes of shared matrix memory: \(String(cString: strerror(errno)))")
        }
        base = p
        size = length
    }

    /// `count` doubles at byte offset `at`, checked against the mapping.
    func doubles(at: Int, count: Int) throws -> UnsafeMutablePointer<Double> {
        guard at >= 0, count >= 0, at % 8 == 0, at + count * 8 <= size, let base else {
            throw IsolationError.protocolViolation("a matrix at offset \(at) of \(count) values lies outside the \(size)-byte shared memory")
        }
        return (base + at).assumingMemoryBound(to: Double.self)
    }

    private func fileSize() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IsolationError.setup("fstat of the shared memory failed") }
        return Int(st.st_size)
    }

    private func unmap() {
        if let base { munmap(base, size) }
        base = nil
        size = 0
    }
}

/// Where the values of one call lie in an arena: consecutive, 64-byte aligned blocks.
struct ArenaLayout {
    private(set) var bytes = 0

    /// Reserves room for `count` doubles and returns its offset.
    mutating func add(_ count: Int) -> Int {
        let at = bytes
        bytes += (count * 8 + 63) / 64 * 64
        return at
    }
}
