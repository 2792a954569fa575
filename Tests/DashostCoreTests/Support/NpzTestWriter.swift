import CZlib
import Foundation

/// Test-only writers for `.npy` and `.npz` images, so reader tests build their inputs byte by byte
/// (independently of the reader) instead of depending on committed binaries.
enum NpyTestWriter {
    /// A `.npy` image. `rowMajor` holds the values in C order; they are laid out in Fortran order when
    /// `fortran` is set, and encoded as `descr` (e.g. `<f8`, `>i4`, `|b1`).
    static func npy(descr: String, shape: [Int], rowMajor: [Double], fortran: Bool = false,
                    version: UInt8 = 1, headerOverride: String? = nil) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = headerOverride ?? "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
        let prefix = version == 1 ? 10 : 12
        // numpy pads with spaces so the data starts on a 64-byte boundary, then ends with '\n'.
        while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let length = header.utf8.count
        if version == 1 {
            bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            bytes += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF), UInt8(length >> 24)]
        }
        bytes += Array(header.utf8)
        let ordered = fortran && shape.count == 2 ? transposeToFortran(rowMajor, rows: shape[0], cols: shape[1]) : rowMajor
        for value in ordered { bytes += encode(value, descr: descr) }
        return bytes
    }

    private static func transposeToFortran(_ values: [Double], rows: Int, cols: Int) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        for i in 0..<rows { for j in 0..<cols { out[j * rows + i] = values[i * cols + j] } }
        return out
    }

    /// The bytes of one element; order from descr[0] ('>' = big-endian).
    static func encode(_ value: Double, descr: String) -> [UInt8] {
        let big = descr.first == ">"
        let code = String(descr.dropFirst())
        func bytes<T: FixedWidthInteger>(_ x: T) -> [UInt8] {
            let ordered = big ? x.bigEndian : x.littleEndian
            return withUnsafeBytes(of: ordered) { Array($0) }
        }
        switch code {
        case "f8": return bytes(value.bitPattern)
        case "f4": return bytes(Float(value).bitPattern)
        case "i8": return bytes(Int64(value))
        case "i4": return bytes(Int32(value))
        case "i2": return bytes(Int16(value))
        case "i1": return bytes(Int8(value))
        case "u8": return bytes(UInt64(value))
        case "u4": return bytes(UInt32(value))
        case "u2": return bytes(UInt16(value))
        case "u1": return bytes(UInt8(value))
        case "b1": return [value != 0 ? 1 : 0]
        case "c16": return bytes(value.bitPattern) + bytes(Double(0).bitPattern)
        default: fatalError("NpyTestWriter: no encoder for \(descr)")
        }
    }
}

/// A minimal zip writer: stored or raw-deflated members, CRC-32 from zlib, optional damage for tests.
enum ZipTestWriter {
    struct Member {
        var name: String
        var data: [UInt8]
        var deflate: Bool
        /// Replace the CRC written in the directory (to provoke a mismatch).
        var crcOverride: UInt32? = nil
        /// Replace the uncompressed size written in both headers (a zip bomb states a small one).
        var uncompressedSizeOverride: UInt32? = nil
        /// Replace the stored payload (e.g. a deflate stream cut short), keeping its length in the headers.
        var payloadOverride: [UInt8]? = nil
    }

    static func crc(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    /// Raw deflate (no zlib header), as zip method 8 stores it.
    static func rawDeflate(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var input = data
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 16)
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END)
                return Int(stream.total_out)
            }
        }
        return Array(output[0..<produced])
    }

    /// A zip image of `members`; `zip64EndLocator` inserts a zip64 locator record before the end record.
    static func zip(_ members: [Member], zip64EndLocator: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        for member in members {
            let payload = member.payloadOverride ?? (member.deflate ? rawDeflate(member.data) : member.data)
            let crcValue = member.crcOverride ?? crc(member.data)
            let size = member.uncompressedSizeOverride ?? UInt32(member.data.count)
            let method = member.deflate ? 8 : 0
            let name = Array(member.name.utf8)
            let offset = UInt32(out.count)
            out += u32(0x0403_4b50) + u16(20) + u16(0) + u16(method) + u16(0) + u16(0x21)
            out += u32(crcValue) + u32(UInt32(payload.count)) + u32(size)
            out += u16(name.count) + u16(0) + name + payload
            central += u32(0x0201_4b50) + u16(20) + u16(20) + u16(0) + u16(method) + u16(0) + u16(0x21)
            central += u32(crcValue) + u32(UInt32(payload.count)) + u32(size)
            central += u16(name.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + name
        }
        let centralOffset = UInt32(out.count)
        out += central
        if zip64EndLocator { out += u32(0x0706_4b50) + u32(0) + [UInt8](repeating: 0, count: 8) + u32(1) }
        out += u32(0x0605_4b50) + u16(0) + u16(0) + u16(members.count) + u16(members.count)
        out += u32(UInt32(central.count)) + u32(centralOffset) + u16(0)
        return out
    }

    /// An `.npz` image of named arrays (each `name.npy`).
    static func npz(_ arrays: [(String, [UInt8])], deflate: Bool) -> [UInt8] {
        zip(arrays.map { Member(name: $0.0 + ".npy", data: $0.1, deflate: deflate) })
    }
}

/// A fresh temporary directory per test, removed afterwards.
final class DataTestDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("dashost-core-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `name` inside the directory and returns the full path.
    @discardableResult
    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + name
        precondition(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "cannot write \(full)")
        return full
    }

    /// Writes UTF-8 `text` to `name` and returns the full path.
    @discardableResult
    func file(_ name: String, text: String) -> String { file(name, Array(text.utf8)) }

    /// Names of the entries in the directory, sorted.
    func listing() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
}
