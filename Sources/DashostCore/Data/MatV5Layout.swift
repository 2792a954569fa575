import Foundation

/// A structural check of a MATLAB v5 file done before libmatio sees it: the 128-byte header, then
/// top-level data elements (an 8-byte tag: type, byte count) that must each fit inside the file.
/// libmatio itself does not notice a file cut short inside the last element and returns garbage.
/// Files that are not v5 (v4 has no such header, v7.3 is HDF5) are left to libmatio.
enum MatV5Layout {
    static func check(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(path: path, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        try? handle.seek(toOffset: 0)
        guard size >= 128, let header = try? handle.read(upToCount: 128), header.count == 128 else { return }
        let bytes = [UInt8](header)
        guard bytes.starts(with: Array("MATLAB 5.0".utf8)) else { return }
        let littleEndian: Bool
        switch (bytes[126], bytes[127]) {
        case (UInt8(ascii: "I"), UInt8(ascii: "M")): littleEndian = true
        case (UInt8(ascii: "M"), UInt8(ascii: "I")): littleEndian = false
        default: throw DataError.corruptFile(path: path, detail: "MAT v5 header has no endian indicator")
        }
        func word(_ data: [UInt8], _ at: Int) -> Int {
            let value = UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
            return Int(littleEndian ? value : value.byteSwapped)
        }
        var offset = 128
        var index = 0
        while offset < size {
            guard offset + 8 <= size else {
                throw DataError.corruptFile(path: path, detail: "truncated MAT file: \(size - offset) stray byte(s) at offset \(offset)")
            }
            try handle.seek(toOffset: UInt64(offset))
            guard let tagData = try handle.read(upToCount: 8), tagData.count == 8 else {
                throw DataError.corruptFile(path: path, detail: "cannot read element tag at offset \(offset)")
            }
            let tag = [UInt8](tagData)
            let length = word(tag, 4)
            let end = offset + 8 + length
            guard end <= size else {
                throw DataError.corruptFile(path: path,
                    detail: "truncated MAT file: element \(index) at offset \(offset) declares \(length) bytes, only \(size - offset - 8) remain")
            }
            offset = end
            index += 1
        }
    }
}
