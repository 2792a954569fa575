import CZlib
import Foundation
import Glibc

/// A read-only zip archive: the container format of numpy's `.npz`. The one zip reader of dashost, used
/// both to read arrays whole and to stream them in chunks.
///
/// Only the central directory (found from the file's tail) is read on open; members are read on demand,
/// from the file with `pread` or from an image in memory. The directory's sizes and CRCs are
/// authoritative (numpy writes local headers with a zip64 extra field that we only skip). Checked:
/// - every member name is unique (numpy would take the last copy, other tools the first: refused);
/// - each member's local header agrees with the directory (name, method) and its data lies in the file;
/// - stored (method 0) and deflated (method 8) members are verified as they are read: the CRC-32 of
///   the bytes, the exact uncompressed size, and for deflate a stream that is intact, ends exactly at
///   the member's compressed size and never inflates past the stated size (a zip bomb stops there).
/// Zip64 archives (more than 65535 members or 4 GiB), encryption and other methods are refused.
@_spi(Testing) public final class ZipArchive {
    /// One member as listed in the central directory.
    @_spi(Testing) public struct Entry {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: Int
        @_spi(Testing) public let uncompressedSize: Int
        @_spi(Testing) public let localHeaderOffset: Int
    }

    let path: String
    let entries: [Entry]
    private let source: ZipSource

    private static let localHeaderSignature: UInt32 = 0x0403_4b50
    private static let centralHeaderSignature: UInt32 = 0x0201_4b50
    private static let endOfCentralDirectorySignature: UInt32 = 0x0605_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    /// Deflate's largest possible expansion: every 258-byte match coded in 2 bits.
    static let maximumDeflateRatio = 1032

    /// Opens the archive file at `path` (a regular file; anything else is refused by type).
    convenience init(path: String) throws {
        let (descriptor, size) = try DataFileAccess.openRegularFile(path)
        if size == 0 {
            close(descriptor)
            throw DataError.emptyFile(path: path, detail: "0 bytes")
        }
        try self.init(source: ZipSource(descriptor: descriptor, size: size, path: path), path: path)
    }

    /// Indexes an archive image in memory; `path` is used in error messages only.
    @_spi(Testing) public convenience init(bytes: [UInt8], path: String) throws {
        try self.init(source: ZipSource(bytes: bytes, path: path), path: path)
    }

    private init(source: ZipSource, path: String) throws {
        self.path = path
        self.source = source
        func corrupt(_ detail: String) -> DataError { .corruptArchive(path: path, detail: detail) }
        let size = source.size

        // The end record is 22 bytes plus a comment of up to 65535 bytes, so search backwards.
        let minimumEnd = 22
        guard size >= minimumEnd else { throw corrupt("file too short (\(size) bytes) to be a zip archive") }
        let tailStart = max(0, size - minimumEnd - 65535)
        let tail = try source.read(at: tailStart, count: size - tailStart)
        guard let endInTail = stride(from: tail.count - minimumEnd, through: 0, by: -1)
            .first(where: { tail.leUInt32(at: $0) == Self.endOfCentralDirectorySignature }) else {
            throw corrupt("no end-of-central-directory record (not a zip file?)")
        }
        let end = tailStart + endInTail
        if endInTail >= 20, tail.leUInt32(at: endInTail - 20) == Self.zip64LocatorSignature {
            throw corrupt("zip64 archives are not supported")
        }
        let diskNumber = tail.leUInt16(at: endInTail + 4)
        let directoryDisk = tail.leUInt16(at: endInTail + 6)
        let entryCount = Int(tail.leUInt16(at: endInTail + 10))
        let directorySize = tail.leUInt32(at: endInTail + 12)
        let directoryOffset = tail.leUInt32(at: endInTail + 16)
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw corrupt("zip64 archives are not supported")
        }
        guard diskNumber == 0, directoryDisk == 0 else { throw corrupt("multi-disk archives are not supported") }
        guard Int(directoryOffset) + Int(directorySize) <= end else {
            throw corrupt("central directory (offset \(directoryOffset), \(directorySize) bytes) runs past its end record")
        }
        let directory = try source.read(at: Int(directoryOffset), count: Int(directorySize))

        var entries: [Entry] = []
        entries.reserveCapacity(entryCount)
        var seen: Set<String> = []
        var cursor = 0
        for index in 0..<entryCount {
            guard cursor + 46 <= directory.count, directory.leUInt32(at: cursor) == Self.centralHeaderSignature else {
                throw corrupt("central directory entry \(index) is missing or damaged")
            }
            let flags = directory.leUInt16(at: cursor + 8)
            let method = directory.leUInt16(at: cursor + 10)
            let crc = directory.leUInt32(at: cursor + 16)
            let compressed = directory.leUInt32(at: cursor + 20)
            let uncompressed = directory.leUInt32(at: cursor + 24)
            let nameLength = Int(directory.leUInt16(at: cursor + 28))
            let extraLength = Int(directory.leUInt16(at: cursor + 30))
            let commentLength = Int(directory.leUInt16(at: cursor + 32))
            let localOffset = directory.leUInt32(at: cursor + 42)
            let nameEnd = cursor + 46 + nameLength
            guard nameEnd + extraLength + commentLength <= directory.count else {
                throw corrupt("central directory entry \(index) runs past the directory")
            }
            let name = String(decoding: directory[(cursor + 46)..<nameEnd], as: UTF8.self)
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                throw corrupt("member '\(name)' uses zip64 sizes, which are not supported")
            }
            guard seen.insert(name).inserted else {
                throw DataError.duplicateName(path: path, name: name, detail: "two zip members have this name")
            }
            entries.append(Entry(name: name, method: method, flags: flags, crc32: crc,
                                 compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                                 localHeaderOffset: Int(localOffset)))
            cursor = nameEnd + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The member named `name`, if any.
    @_spi(Testing) public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The sum of the members' uncompressed sizes: what reading every member whole would hold in memory.
    var totalUncompressedSize: Int { entries.reduce(0) { $0 + $1.uncompressedSize } }

    /// A sequential, verifying reader of `entry`'s uncompressed bytes.
    func open(_ entry: Entry) throws -> ZipMemberReader {
        func corrupt(_ detail: String) -> DataError {
            .corruptArchive(path: path, detail: "member '\(entry.name)': \(detail)")
        }
        let local = entry.localHeaderOffset
        guard local + 30 <= source.size else { throw corrupt("local header at offset \(local) lies past the end of the file") }
        let header = try source.read(at: local, count: 30)
        guard header.leUInt32(at: 0) == Self.localHeaderSignature else {
            throw corrupt("local header at offset \(local) is missing or damaged")
        }
        if entry.flags & 0x1 != 0 { throw corrupt("encrypted members are not supported") }
        let nameLength = Int(header.leUInt16(at: 26))
        let extraLength = Int(header.leUInt16(at: 28))
        guard local + 30 + nameLength <= source.size else { throw corrupt("local header runs past the end of the file") }
        let localName = String(decoding: try source.read(at: local + 30, count: nameLength), as: UTF8.self)
        guard localName == entry.name else {
            throw corrupt("the local header names '\(localName)', the central directory '\(entry.name)'")
        }
        guard header.leUInt16(at: 8) == entry.method else {
            throw corrupt("the local header's compression method \(header.leUInt16(at: 8)) differs from the directory's \(entry.method)")
        }
        let dataStart = local + 30 + nameLength + extraLength
        guard dataStart + entry.compressedSize <= source.size else {
            throw corrupt("data (\(entry.compressedSize) bytes at offset \(dataStart)) runs past the end of the file (truncated archive?)")
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw corrupt("stored member has compressed size \(entry.compressedSize) != uncompressed size \(entry.uncompressedSize)")
            }
        case 8:
            // Deflate cannot expand more than 1032:1 (a 258-byte match in 2 bits). A larger stated size
            // is a lie that would be allocated before any byte is inflated: a 433-byte file stating
            // 3 GB made the whole-array reader allocate 3 GB (found while fuzzing the npz readers).
            let (limit, overflow) = entry.compressedSize.multipliedReportingOverflow(by: Self.maximumDeflateRatio)
            guard overflow || entry.uncompressedSize <= limit + 1024 else {
                throw corrupt("the directory says \(entry.compressedSize) compressed bytes inflate to \(entry.uncompressedSize), "
                    + "more than deflate can (at most \(Self.maximumDeflateRatio) times): the archive is damaged")
            }
        default:
            throw corrupt("compression method \(entry.method) is not supported (only stored and deflate)")
        }
        return try ZipMemberReader(source: source, entry: entry, dataStart: dataStart, corrupt: corrupt)
    }

    /// The uncompressed bytes of `entry`, verified (see the type's documentation).
    func extract(_ entry: Entry) throws -> [UInt8] {
        try open(entry).readToEnd()
    }
}

/// Where an archive's bytes come from: a file read with `pread`, or an image in memory.
final class ZipSource: @unchecked Sendable {
    private enum Storage {
        case file(Int32)
        case memory([UInt8])
    }
    private let storage: Storage
    let size: Int
    let path: String

    /// Takes ownership of `descriptor` (closed when the source is released).
    init(descriptor: Int32, size: Int, path: String) {
        storage = .file(descriptor)
        self.size = size
        self.path = path
    }

    init(bytes: [UInt8], path: String) {
        storage = .memory(bytes)
        size = bytes.count
        self.path = path
    }

    deinit {
        if case let .file(descriptor) = storage { close(descriptor) }
    }

    /// Fills `buffer` from `offset`; throws when the file ends first.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        guard offset >= 0, offset + buffer.count <= size else {
            throw DataError.corruptArchive(path: path, detail: "cannot read \(buffer.count) bytes at offset \(offset): the file has \(size)")
        }
        switch storage {
        case let .memory(bytes):
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + buffer.count)])) }
        case let .file(descriptor):
            var filled = 0
            while filled < buffer.count {
                let got = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                guard got > 0 else {
                    throw DataError.corruptArchive(path: path, detail: "the file ends at offset \(offset + filled) (it shrank while read?)")
                }
                filled += got
            }
        }
    }

    /// `count` bytes from `offset`.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try read(at: offset, into: $0) }
        return bytes
    }
}

/// Reads one member of a `ZipArchive` front to back, stored or deflated, through a fixed-size buffer,
/// verifying it as it goes: the bytes never exceed the directory's uncompressed size, a deflate stream
/// must be intact and end exactly with the member's compressed bytes, and when the last byte has been
/// read the total size and CRC-32 must match the directory. `finish()` reads (and so verifies) the rest.
///
/// Stored members can also be read at any offset (`read(at:into:)`); such reads are not CRC-checked on
/// their own, so callers that use them call `verifyWhole()` first.
final class ZipMemberReader {
    let entry: ZipArchive.Entry
    private let source: ZipSource
    private let dataStart: Int
    private let corrupt: (String) -> DataError
    private var produced = 0
    private var consumed = 0
    private var crc: uLong = CZlib.crc32(0, nil, 0)
    private var stream = z_stream()
    private var inflating = false
    private var streamEnded = false
    private var input = [UInt8](repeating: 0, count: 1 << 16)

    /// Whether the member is compressed (stored members can be read at any offset).
    var deflated: Bool { entry.method == 8 }
    /// Bytes left to read.
    var remaining: Int { entry.uncompressedSize - produced }

    fileprivate init(source: ZipSource, entry: ZipArchive.Entry, dataStart: Int, corrupt: @escaping (String) -> DataError) throws {
        self.source = source
        self.entry = entry
        self.dataStart = dataStart
        self.corrupt = corrupt
        if entry.method == 8 {
            guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw corrupt("zlib could not start inflating")
            }
            inflating = true
        }
    }

    deinit {
        if inflating { inflateEnd(&stream) }
    }

    /// Fills `buffer` completely; throws if the member ends first.
    func readExactly(_ buffer: UnsafeMutableRawBufferPointer) throws {
        guard buffer.count <= remaining else {
            throw corrupt("needs \(buffer.count) more bytes at offset \(produced), the member has only \(remaining) left")
        }
        var filled = 0
        while filled < buffer.count {
            let n = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            guard n > 0 else { throw corrupt("ends early at offset \(produced) (truncated archive?)") }
            filled += n
        }
    }

    /// Skips `count` bytes (they are still read and verified).
    func skip(_ count: Int) throws {
        guard count > 0 else { return }
        var scratch = [UInt8](repeating: 0, count: min(count, 1 << 16))
        var left = count
        while left > 0 {
            let step = min(left, scratch.count)
            try scratch.withUnsafeMutableBytes { try readExactly(UnsafeMutableRawBufferPointer(rebasing: $0[0..<step])) }
            left -= step
        }
    }

    /// The rest of the member, verified.
    func readToEnd() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: remaining)
        try bytes.withUnsafeMutableBytes { try readExactly($0) }
        try finish()
        return bytes
    }

    /// Reads and verifies whatever is left, so that a corrupt tail is an error even when the caller
    /// needed only the first rows.
    func finish() throws {
        try skip(remaining)
        try verifyEnd()
    }

    /// Stored members only: reads the member once front to back to check its CRC-32, so that later
    /// random-access reads (`read(at:into:)`) see verified bytes. Leaves the sequential position at the end.
    func verifyWhole() throws {
        precondition(!deflated, "verifyWhole is for stored members")
        try finish()
    }

    /// Stored members only: fills `buffer` with the member's bytes from `offset` (random access).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        precondition(!deflated, "random access needs a stored member")
        guard offset >= 0, offset + buffer.count <= entry.uncompressedSize else {
            throw corrupt("read of \(buffer.count) bytes at offset \(offset) past the member's \(entry.uncompressedSize) bytes")
        }
        try source.read(at: dataStart + offset, into: buffer)
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the member (after verifying it).
    private func read(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let want = min(buffer.count, remaining)
        guard want > 0 else {
            try verifyEnd()
            return 0
        }
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want])
        let got: Int
        if deflated {
            got = try inflate(into: target)
        } else {
            try source.read(at: dataStart + produced, into: target)
            got = want
        }
        crc = CZlib.crc32(crc, target.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(got))
        produced += got
        if remaining == 0 { try verifyEnd() }
        return got
    }

    /// Inflates into `buffer` (at most `remaining` bytes long), reading compressed input as needed.
    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if streamEnded {
                throw corrupt("the deflate stream ends after \(produced + buffer.count - Int(stream.avail_out)) bytes, the directory says \(entry.uncompressedSize)")
            }
            try refill()
            let status = input.withUnsafeMutableBufferPointer { _ in CZlib.inflate(&stream, Z_NO_FLUSH) }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                streamEnded = true
            case Z_BUF_ERROR where stream.avail_in == 0 && consumed == entry.compressedSize:
                throw corrupt("the deflate stream is truncated (it needs more than the member's \(entry.compressedSize) compressed bytes)")
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw corrupt("deflate data is corrupt (\(message))")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }

    /// Feeds the next compressed bytes to zlib when it has none.
    private func refill() throws {
        guard stream.avail_in == 0, consumed < entry.compressedSize else { return }
        let count = min(input.count, entry.compressedSize - consumed)
        try input.withUnsafeMutableBytes { try source.read(at: dataStart + consumed, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count])) }
        consumed += count
        input.withUnsafeMutableBufferPointer { stream.next_in = $0.baseAddress }
        stream.avail_in = uInt(count)
    }

    private var verified = false

    /// At the stated size: the deflate stream must end here, with no compressed byte left over, and
    /// the CRC-32 must match.
    private func verifyEnd() throws {
        guard !verified else { return }
        if deflated {
            if !streamEnded {
                // The stated size is reached: the stream must end now, producing nothing more.
                var extra: UInt8 = 0
                try withUnsafeMutableBytes(of: &extra) { probe in
                    stream.next_out = probe.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = 1
                    while !streamEnded {
                        try refill()
                        let status = input.withUnsafeMutableBufferPointer { _ in CZlib.inflate(&stream, Z_NO_FLUSH) }
                        if status == Z_STREAM_END && stream.avail_out == 1 { streamEnded = true; break }
                        if stream.avail_out == 0 {
                            throw corrupt("the deflate stream inflates past the directory's \(entry.uncompressedSize) bytes")
                        }
                        if status == Z_OK { continue }
                        if status == Z_BUF_ERROR && stream.avail_in == 0 && consumed == entry.compressedSize {
                            throw corrupt("the deflate stream is truncated (no end-of-stream marker within the member's \(entry.compressedSize) compressed bytes)")
                        }
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                        throw corrupt("deflate data is corrupt (\(message))")
                    }
                }
            }
            let left = Int(stream.avail_in) + (entry.compressedSize - consumed)
            guard left == 0 else {
                throw corrupt("\(left) compressed byte(s) follow the end of the deflate stream")
            }
        }
        let actual = UInt32(truncatingIfNeeded: crc)
        guard actual == entry.crc32 else {
            throw corrupt("CRC-32 mismatch (stored \(hex(entry.crc32)), computed \(hex(actual))): the data is damaged")
        }
        verified = true
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

extension Array where Element == UInt8 {
    /// Little-endian 16-bit integer at `offset` (caller checks bounds).
    func leUInt16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    /// Little-endian 32-bit integer at `offset` (caller checks bounds).
    func leUInt32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
}
