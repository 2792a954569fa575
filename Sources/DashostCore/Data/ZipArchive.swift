import CZlib

/// A read-only zip archive held in memory: the container format of numpy's `.npz`.
///
/// Reads the end-of-central-directory record, then the central directory (whose sizes and CRCs are
/// authoritative; numpy writes local headers with a zip64 extra field that we only skip). Members may
/// be stored (method 0) or deflated (method 8); each extracted member's CRC-32 is checked. Zip64
/// archives (more than 65535 members or 4 GiB) are refused with a clear error.
struct ZipArchive {
    /// One member as listed in the central directory.
    struct Entry {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let path: String
    let bytes: [UInt8]
    let entries: [Entry]

    private static let localHeaderSignature: UInt32 = 0x0403_4b50
    private static let centralHeaderSignature: UInt32 = 0x0201_4b50
    private static let endOfCentralDirectorySignature: UInt32 = 0x0605_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50

    /// Parses the archive's directory; `path` is used in error messages only.
    init(bytes: [UInt8], path: String) throws {
        self.path = path
        self.bytes = bytes
        func corrupt(_ detail: String) -> DataError { .corruptArchive(path: path, detail: detail) }

        // The end record is 22 bytes plus a comment of up to 65535 bytes, so search backwards.
        let minimumEnd = 22
        guard bytes.count >= minimumEnd else { throw corrupt("file too short (\(bytes.count) bytes) to be a zip archive") }
        var endOffset: Int?
        var candidate = bytes.count - minimumEnd
        let lowest = max(0, bytes.count - minimumEnd - 65535)
        while candidate >= lowest {
            if bytes.leUInt32(at: candidate) == Self.endOfCentralDirectorySignature {
                endOffset = candidate
                break
            }
            candidate -= 1
        }
        guard let end = endOffset else { throw corrupt("no end-of-central-directory record (not a zip file?)") }
        if end >= 20, bytes.leUInt32(at: end - 20) == Self.zip64LocatorSignature {
            throw corrupt("zip64 archives are not supported")
        }
        let diskNumber = bytes.leUInt16(at: end + 4)
        let directoryDisk = bytes.leUInt16(at: end + 6)
        let entryCount = Int(bytes.leUInt16(at: end + 10))
        let directorySize = bytes.leUInt32(at: end + 12)
        let directoryOffset = bytes.leUInt32(at: end + 16)
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw corrupt("zip64 archives are not supported")
        }
        guard diskNumber == 0, directoryDisk == 0 else { throw corrupt("multi-disk archives are not supported") }
        guard Int(directoryOffset) + Int(directorySize) <= end else {
            throw corrupt("central directory (offset \(directoryOffset), \(directorySize) bytes) runs past its end record")
        }

        var entries: [Entry] = []
        entries.reserveCapacity(entryCount)
        var cursor = Int(directoryOffset)
        for index in 0..<entryCount {
            guard cursor + 46 <= end, bytes.leUInt32(at: cursor) == Self.centralHeaderSignature else {
                throw corrupt("central directory entry \(index) is missing or damaged")
            }
            let flags = bytes.leUInt16(at: cursor + 8)
            let method = bytes.leUInt16(at: cursor + 10)
            let crc = bytes.leUInt32(at: cursor + 16)
            let compressed = bytes.leUInt32(at: cursor + 20)
            let uncompressed = bytes.leUInt32(at: cursor + 24)
            let nameLength = Int(bytes.leUInt16(at: cursor + 28))
            let extraLength = Int(bytes.leUInt16(at: cursor + 30))
            let commentLength = Int(bytes.leUInt16(at: cursor + 32))
            let localOffset = bytes.leUInt32(at: cursor + 42)
            let nameEnd = cursor + 46 + nameLength
            guard nameEnd <= end else { throw corrupt("central directory entry \(index) name runs past the directory") }
            let name = String(decoding: bytes[(cursor + 46)..<nameEnd], as: UTF8.self)
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                throw corrupt("member '\(name)' uses zip64 sizes, which are not supported")
            }
            entries.append(Entry(name: name, method: method, flags: flags, crc32: crc,
                                 compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                                 localHeaderOffset: Int(localOffset)))
            cursor = nameEnd + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The member named `name`, if any.
    func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The uncompressed bytes of `entry`, CRC-checked.
    func extract(_ entry: Entry) throws -> [UInt8] {
        func corrupt(_ detail: String) -> DataError {
            .corruptArchive(path: path, detail: "member '\(entry.name)': \(detail)")
        }
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, bytes.leUInt32(at: local) == Self.localHeaderSignature else {
            throw corrupt("local header at offset \(local) is missing or damaged")
        }
        if entry.flags & 0x1 != 0 { throw corrupt("encrypted members are not supported") }
        let nameLength = Int(bytes.leUInt16(at: local + 26))
        let extraLength = Int(bytes.leUInt16(at: local + 28))
        let dataStart = local + 30 + nameLength + extraLength
        guard dataStart + entry.compressedSize <= bytes.count else {
            throw corrupt("data (\(entry.compressedSize) bytes at offset \(dataStart)) runs past the end of the file")
        }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw corrupt("stored member has compressed size \(entry.compressedSize) != uncompressed size \(entry.uncompressedSize)")
            }
            output = Array(bytes[dataStart..<(dataStart + entry.compressedSize)])
        case 8:
            output = try inflateRaw(from: dataStart, count: entry.compressedSize,
                                    expected: entry.uncompressedSize, corrupt: corrupt)
        default:
            throw corrupt("compression method \(entry.method) is not supported (only stored and deflate)")
        }
        let actual = output.withUnsafeBufferPointer { buffer -> UInt32 in
            UInt32(truncatingIfNeeded: CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard actual == entry.crc32 else {
            throw corrupt("CRC-32 mismatch (stored \(hex(entry.crc32)), computed \(hex(actual)))")
        }
        return output
    }

    /// Inflates a raw deflate stream (no zlib header: window bits -15) of known output size.
    private func inflateRaw(from start: Int, count: Int, expected: Int,
                            corrupt: (String) -> DataError) throws -> [UInt8] {
        // One spare byte lets us notice a stream that decodes to more than the directory says.
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        let initStatus = inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw corrupt("zlib inflateInit2 failed (\(initStatus))") }
        defer { inflateEnd(&stream) }

        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                stream.avail_in = uInt(count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        let produced = Int(stream.total_out)
        guard status == Z_STREAM_END else {
            let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
            throw corrupt("deflate stream is damaged or longer than its stated size (\(message))")
        }
        guard produced == expected else {
            throw corrupt("inflated to \(produced) bytes, the directory says \(expected)")
        }
        output.removeLast()
        return output
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
