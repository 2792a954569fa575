import CZlib
import Foundation

/// Reads one member of a zip archive (an `.npz`) sequentially from the file, stored or deflated,
/// without loading the archive: the central directory is found from the file's tail, and a deflated
/// member is inflated through a fixed-size buffer. Used where data is only streamed through.
final class ZipMemberStream {
    private let path: String
    private let file: UnsafeMutablePointer<FILE>
    /// Whether the member is compressed (stored members can be read at any offset).
    let deflated: Bool
    private let dataOffset: Int
    private var remainingInput: Int
    private var stream = z_stream()
    private var inflating = false
    private var input = [UInt8](repeating: 0, count: 1 << 16)

    /// Opens member `name` of the archive at `path`.
    init(path: String, member name: String) throws {
        self.path = path
        guard let file = fopen(path, "rb") else { throw DataError.fileNotFound(path: path) }
        self.file = file
        do {
            let entry = try ZipMemberStream.locate(file, path: path, member: name)
            deflated = entry.method == 8
            dataOffset = entry.dataOffset
            remainingInput = entry.compressedSize
            guard fseeko(file, off_t(entry.dataOffset), SEEK_SET) == 0 else { throw corrupt("cannot seek to member '\(name)'") }
            if deflated {
                guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    throw corrupt("zlib could not start inflating '\(name)'")
                }
                inflating = true
            }
        } catch {
            fclose(file)
            throw error
        }
    }

    deinit {
        if inflating { inflateEnd(&stream) }
        fclose(file)
    }

    private func corrupt(_ detail: String) -> DataError { .corruptArchive(path: path, detail: detail) }

    /// Fills `buffer` completely; throws if the member ends first.
    func readExactly(_ buffer: UnsafeMutableRawBufferPointer) throws {
        var filled = 0
        while filled < buffer.count {
            let n = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            guard n > 0 else { throw corrupt("member ends early (truncated archive?)") }
            filled += n
        }
    }

    /// Stored members only: fills `buffer` with the member's bytes from `offset` (random access).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        precondition(!deflated, "random access needs a stored member")
        guard fseeko(file, off_t(dataOffset + offset), SEEK_SET) == 0,
              fread(buffer.baseAddress, 1, buffer.count, file) == buffer.count else {
            throw corrupt("cannot read \(buffer.count) bytes at member offset \(offset) (truncated archive?)")
        }
    }

    /// The rest of the member (for small members such as labels).
    func readToEnd() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read($0) }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }

    /// Skips `count` bytes of the member.
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

    /// Reads up to `buffer.count` bytes; 0 at the end of the member.
    private func read(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard deflated else {
            let want = min(buffer.count, remainingInput)
            guard want > 0 else { return 0 }
            let got = fread(buffer.baseAddress, 1, want, file)
            remainingInput -= got
            return got
        }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && remainingInput > 0 {
                let want = min(input.count, remainingInput)
                let got = input.withUnsafeMutableBytes { fread($0.baseAddress, 1, want, file) }
                guard got > 0 else { throw corrupt("member ends early (truncated archive?)") }
                remainingInput -= got
                input.withUnsafeMutableBufferPointer { stream.next_in = $0.baseAddress }
                stream.avail_in = uInt(got)
            }
            let status = input.withUnsafeMutableBufferPointer { _ in inflate(&stream, Z_NO_FLUSH) }
            if status == Z_STREAM_END { break }
            guard status == Z_OK || (status == Z_BUF_ERROR && remainingInput > 0) else {
                throw corrupt("deflate data is corrupt (zlib status \(status))")
            }
            if status == Z_BUF_ERROR && stream.avail_in == 0 && remainingInput == 0 { break }
        }
        return buffer.count - Int(stream.avail_out)
    }

    /// Where a member's data starts, its size and compression, from the central directory.
    private static func locate(_ file: UnsafeMutablePointer<FILE>, path: String, member name: String) throws
        -> (dataOffset: Int, compressedSize: Int, method: UInt16) {
        func corrupt(_ detail: String) -> DataError { .corruptArchive(path: path, detail: detail) }
        func readAt(_ offset: Int, _ count: Int) throws -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            guard fseeko(file, off_t(offset), SEEK_SET) == 0,
                  bytes.withUnsafeMutableBytes({ fread($0.baseAddress, 1, count, file) }) == count else {
                throw corrupt("cannot read \(count) bytes at offset \(offset)")
            }
            return bytes
        }
        guard fseeko(file, 0, SEEK_END) == 0 else { throw corrupt("cannot seek") }
        let size = Int(ftello(file))
        let tailSize = min(size, 65_557)  // end record (22 bytes) + the longest comment
        let tail = try readAt(size - tailSize, tailSize)
        guard let eocd = stride(from: tailSize - 22, through: 0, by: -1).first(where: { tail.leUInt32(at: $0) == 0x0605_4B50 }) else {
            throw corrupt("no end-of-central-directory record (not a zip archive)")
        }
        let entries = Int(tail.leUInt16(at: eocd + 10))
        let directorySize = Int(tail.leUInt32(at: eocd + 12))
        let directoryOffset = Int(tail.leUInt32(at: eocd + 16))
        guard directoryOffset != 0xFFFF_FFFF, entries != 0xFFFF else { throw corrupt("zip64 archives are not supported") }
        let directory = try readAt(directoryOffset, directorySize)
        var position = 0
        var names: [String] = []
        for _ in 0..<entries {
            guard position + 46 <= directory.count, directory.leUInt32(at: position) == 0x0201_4B50 else {
                throw corrupt("bad central directory entry")
            }
            let method = directory.leUInt16(at: position + 10)
            let compressed = Int(directory.leUInt32(at: position + 20))
            let nameLength = Int(directory.leUInt16(at: position + 28))
            let extraLength = Int(directory.leUInt16(at: position + 30))
            let commentLength = Int(directory.leUInt16(at: position + 32))
            let localOffset = Int(directory.leUInt32(at: position + 42))
            let entryName = String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            names.append(entryName)
            if entryName == name {
                guard method == 0 || method == 8 else { throw corrupt("member '\(name)' uses unsupported compression \(method)") }
                guard compressed != 0xFFFF_FFFF else { throw corrupt("zip64 members are not supported") }
                let local = try readAt(localOffset, 30)
                guard local.leUInt32(at: 0) == 0x0403_4B50 else { throw corrupt("bad local header for '\(name)'") }
                let dataOffset = localOffset + 30 + Int(local.leUInt16(at: 26)) + Int(local.leUInt16(at: 28))
                return (dataOffset, compressed, method)
            }
            position += 46 + nameLength + extraLength + commentLength
        }
        let stem = (name as NSString).deletingPathExtension
        throw DataError.missingArray(path: path, name: stem, available: names.map { ($0 as NSString).deletingPathExtension })
    }
}
