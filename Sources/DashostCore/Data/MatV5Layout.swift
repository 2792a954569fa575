import CZlib
import Foundation

/// A structural check of a MATLAB v5 file done before libmatio sees it, because libmatio returns
/// garbage rather than an error for damaged files. Checked:
/// - the 128-byte header and its endian indicator;
/// - every top-level data element (an 8-byte tag: type, byte count) fits inside the file and is a
///   variable: `miMATRIX` or `miCOMPRESSED`;
/// - a compressed element is a complete zlib stream whose checksum (Adler-32) is right, that ends with
///   the element (at most 7 zero padding bytes after it) and inflates to exactly one `miMATRIX` element;
/// - inside each `miMATRIX`: every sub-element (array flags, dimensions, name, data) lies inside it, and
///   for a numeric array the real (and imaginary) data holds exactly the bytes the dimensions need.
/// An uncompressed file has no checksum, so a changed data byte there is just different data.
///
/// Which format a file is, is decided as libmatio decides it (`Mat_Open`): a v5 file is one whose
/// 128-byte header ends in version 0x0100 and the endian indicator `IM` / `MI` (bytes 124-127), whatever
/// its text says; version 0x0200 is v7.3 (HDF5), left to libmatio; any other file is read by libmatio
/// as v4, so it is checked as v4 (`MatV4Layout`).
enum MatV5Layout {
    private static let miMATRIX: UInt32 = 14
    private static let miCOMPRESSED: UInt32 = 15

    static func check(path: String) throws {
        let bytes = try DataFileAccess.readAll(path)
        try check(bytes: bytes, path: path)
    }

    static func check(bytes: [UInt8], path: String) throws {
        func corrupt(_ detail: String) -> DataError { .corruptFile(path: path, detail: detail) }
        var littleEndian = true
        var version: UInt16 = 0
        if bytes.count >= 128 {
            let raw = UInt16(bytes[124]) | UInt16(bytes[125]) << 8
            switch (bytes[126], bytes[127]) {
            case (UInt8(ascii: "I"), UInt8(ascii: "M")): version = raw
            case (UInt8(ascii: "M"), UInt8(ascii: "I")): version = raw.byteSwapped; littleEndian = false
            default: break
            }
        }
        switch version {
        case 0x0100: break
        case 0x0200: return  // v7.3: an HDF5 file, read by libmatio through libhdf5
        default:
            if bytes.starts(with: Array("MATLAB 5.0".utf8)) || bytes.starts(with: Array("MATLAB 7.3".utf8)) {
                throw corrupt("MAT v5 header has no endian indicator and version (bytes 124-127)")
            }
            return try MatV4Layout.check(bytes: bytes, path: path)
        }
        let reader = Reader(littleEndian: littleEndian)
        let size = bytes.count
        var offset = 128
        var index = 0
        while offset < size {
            guard offset + 8 <= size else {
                throw corrupt("truncated MAT file: \(size - offset) stray byte(s) at offset \(offset)")
            }
            let type = reader.word(bytes, offset)
            let length = Int(reader.word(bytes, offset + 4))
            let end = offset + 8 + length
            guard end <= size else {
                throw corrupt("truncated MAT file: element \(index) at offset \(offset) declares \(length) bytes, only \(size - offset - 8) remain")
            }
            switch type {
            case miMATRIX:
                try checkMatrix(bytes[(offset + 8)..<end], reader: reader, place: "element \(index) at offset \(offset)", corrupt: corrupt)
                // Uncompressed elements are padded to 8 bytes.
                offset = min(size, end + (8 - length % 8) % 8)
            case miCOMPRESSED:
                let inflated = try inflate(bytes[(offset + 8)..<end], place: "compressed element \(index) at offset \(offset)", corrupt: corrupt)
                let place = "compressed element \(index) at offset \(offset)"
                guard inflated.count >= 8, reader.word(inflated, 0) == miMATRIX else {
                    throw corrupt("\(place) does not hold a variable (miMATRIX)")
                }
                let inner = Int(reader.word(inflated, 4))
                guard 8 + inner <= inflated.count else {
                    throw corrupt("\(place): its variable declares \(inner) bytes, only \(inflated.count - 8) were compressed")
                }
                guard inflated.count - 8 - inner < 8 else {
                    throw corrupt("\(place): \(inflated.count - 8 - inner) bytes follow its variable")
                }
                try checkMatrix(inflated[8..<(8 + inner)], reader: reader, place: place, corrupt: corrupt)
                offset = end
            default:
                throw corrupt("element \(index) at offset \(offset) has type \(type), not a variable (miMATRIX 14 or miCOMPRESSED 15)")
            }
            index += 1
        }
    }

    /// Reads words in the file's byte order.
    private struct Reader {
        let littleEndian: Bool
        func word<C: RandomAccessCollection>(_ data: C, _ at: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
            let value = UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
            return littleEndian ? value : value.byteSwapped
        }
    }

    /// Bytes per element of a MAT data type (miINT8 ... miUINT64), nil for non-numeric types.
    private static func typeSize(_ type: UInt32) -> Int? {
        switch type {
        case 1, 2: return 1          // miINT8, miUINT8
        case 3, 4: return 2          // miINT16, miUINT16
        case 5, 6, 7: return 4       // miINT32, miUINT32, miSINGLE
        case 9, 12, 13: return 8     // miDOUBLE, miINT64, miUINT64
        case 16: return 1            // miUTF8
        case 17: return 2            // miUTF16
        case 18: return 4            // miUTF32
        default: return nil
        }
    }

    /// Checks one `miMATRIX` body (`body` excludes its tag).
    private static func checkMatrix(_ body: ArraySlice<UInt8>, reader: Reader, place: String,
                                    corrupt: (String) -> DataError) throws {
        var cursor = body.startIndex
        var subelements: [(type: UInt32, data: ArraySlice<UInt8>)] = []
        while cursor < body.endIndex {
            guard cursor + 8 <= body.endIndex else {
                throw corrupt("\(place): a sub-element tag at byte \(cursor - body.startIndex) runs past the variable's end")
            }
            let first = reader.word(body, cursor)
            if first >> 16 != 0 {
                // Small data element: type in the low half, byte count (<= 4) in the high half.
                let count = Int(first >> 16)
                guard count <= 4 else { throw corrupt("\(place): a small data element declares \(count) bytes (at most 4)") }
                subelements.append((first & 0xFFFF, body[(cursor + 4)..<(cursor + 4 + count)]))
                cursor += 8
                continue
            }
            let count = Int(reader.word(body, cursor + 4))
            let start = cursor + 8
            guard start + count <= body.endIndex else {
                let name = variableName(subelements)
                throw corrupt("\(place)\(name): sub-element \(subelements.count) declares \(count) bytes and overruns the variable's end by \(start + count - body.endIndex)")
            }
            subelements.append((first, body[start..<(start + count)]))
            cursor = start + count + (8 - count % 8) % 8
        }
        guard subelements.count >= 3 else { throw corrupt("\(place): a variable needs array flags, dimensions and a name") }
        let flags = subelements[0]
        guard flags.type == 6, flags.data.count == 8 else { throw corrupt("\(place): the array flags are damaged") }
        let flagWord = reader.word(flags.data, flags.data.startIndex)
        let classCode = flagWord & 0xFF
        let complex = flagWord & 0x800 != 0
        let dims = subelements[1]
        // miINT32, or miUINT32 as some writers use.
        guard dims.type == 5 || dims.type == 6, dims.data.count >= 8, dims.data.count % 4 == 0 else {
            throw corrupt("\(place): the dimensions are damaged")
        }
        var count = 1
        var shape: [Int] = []
        for k in stride(from: dims.data.startIndex, to: dims.data.endIndex, by: 4) {
            let dimension = Int(Int32(bitPattern: reader.word(dims.data, k)))
            guard dimension >= 0 else { throw corrupt("\(place): negative dimension \(dimension)") }
            shape.append(dimension)
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw corrupt("\(place): dimensions \(shape) are too large") }
            count = product
        }
        let name = variableName(subelements)
        // Cell, struct and object arrays hold one miMATRIX (at least its 8-byte tag) per element, and
        // libmatio allocates a slot per element from the dimensions when it lists the file: a 264-byte
        // file declaring 3 x 1291845634 cells made it allocate 31 GB (found by fuzzing).
        if (1...3).contains(classCode), count > body.count / 8 {
            throw corrupt("\(place)\(name): dimensions \(shape.map(String.init).joined(separator: " x ")) declare \(count) elements, the variable's \(body.count) bytes hold at most \(body.count / 8)")
        }
        // Numeric classes (mxDOUBLE 6 ... mxUINT64 15): real part, then the imaginary part if complex.
        guard (6...15).contains(classCode) else { return }
        let parts = complex ? 2 : 1
        guard subelements.count >= 3 + parts else {
            throw corrupt("\(place)\(name): the data of the \(shape.map(String.init).joined(separator: " x ")) array is missing")
        }
        for part in 0..<parts {
            let data = subelements[3 + part]
            guard let size = typeSize(data.type) else {
                throw corrupt("\(place)\(name): data element of type \(data.type) is not numeric")
            }
            // The product of the dimensions fits an Int, times the element size need not (found by fuzzing).
            let (needed, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, data.data.count == needed else {
                throw corrupt("\(place)\(name): dimensions \(shape.map(String.init).joined(separator: " x ")) need \(overflow ? "more than Int.max" : String(needed)) data bytes, the element holds \(data.data.count)")
            }
        }
    }

    /// ` (variable 'X')` from the name sub-element, when there is one.
    private static func variableName(_ subelements: [(type: UInt32, data: ArraySlice<UInt8>)]) -> String {
        guard subelements.count >= 3, subelements[2].type == 1 else { return "" }
        return " (variable '\(String(decoding: subelements[2].data, as: UTF8.self))')"
    }

    /// Inflates a zlib stream (with header and Adler-32 checksum, as MAT files store it) that must end
    /// with `data`, allowing up to 7 zero bytes of padding after it.
    private static func inflate(_ data: ArraySlice<UInt8>, place: String, corrupt: (String) -> DataError) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw corrupt("\(place): zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let input = Array(data)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
            } while status == Z_OK
        }
        switch status {
        case Z_STREAM_END:
            break
        case Z_BUF_ERROR:
            throw corrupt("\(place): the zlib stream is truncated (it ends before its end marker)")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw corrupt("\(place): the compressed data is damaged (\(message))")
        }
        let rest = input[(input.count - Int(stream.avail_in))...]
        guard rest.count < 8, rest.allSatisfy({ $0 == 0 }) else {
            throw corrupt("\(place): \(rest.count) bytes follow the end of its zlib stream")
        }
        return output
    }
}
