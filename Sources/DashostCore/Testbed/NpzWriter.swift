import CZlib
import Foundation

/// Writes numpy `.npz` archives: a zip of stored (uncompressed) `.npy` version 1.0 members, each
/// little-endian float64 in C order, as `numpy.savez` writes them, so `numpy.load` and dashost's own
/// readers (`NpzFile`, `DatasetLoader`) read them back. The bytes depend only on the arrays: every
/// member carries the same fixed timestamp (1980-01-01 00:00), so equal arrays give equal files.
/// Zip64 is not written: an archive over 4 GiB, or of more than 65535 members, is refused.
public enum NpzWriter {
    /// One array: its name (the member is `name.npy`), shape (1-D or 2-D, ...) and values in C order.
    public struct Array: Sendable {
        public let name: String
        public let shape: [Int]
        public let values: [Double]

        public init(name: String, shape: [Int], values: [Double]) {
            precondition(shape.reduce(1, *) == values.count, "NpzWriter.Array \(name): shape \(shape) for \(values.count) values")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The archive is too large for a zip without zip64.
    public struct TooLarge: Error, CustomStringConvertible, Sendable {
        public let path: String
        public var description: String { "\(path): the arrays exceed 4 GiB, more than an .npz without zip64 holds" }
    }

    /// The `.npy` v1.0 image of `array`: magic, version, header length, the header dict padded with
    /// spaces to a multiple of 64 bytes and ended by a newline, then the data.
    public static func npy(_ array: Array) -> [UInt8] {
        let shape: String
        switch array.shape.count {
        case 0: shape = "()"
        case 1: shape = "(\(array.shape[0]),)"
        default: shape = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Swift.Array("NUMPY".utf8) + [1, 0]
        let length = header.utf8.count
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Swift.Array(header.utf8)
        bytes.reserveCapacity(bytes.count + array.values.count * 8)
        for value in array.values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// The zip image of `arrays`, in the given order; `path` labels the size error.
    public static func archive(_ arrays: [Array], path: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(v).littleEndian) { Swift.Array($0) } }
        guard arrays.count < 0xFFFF else { throw TooLarge(path: path) }
        for array in arrays {
            let data = npy(array)
            let name = Swift.Array((array.name + ".npy").utf8)
            let offset = out.count
            guard data.count < 0xFFFF_FFFF, offset + data.count + 30 + name.count < 0xFFFF_FFFF else { throw TooLarge(path: path) }
            let crc = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
            // version needed 2.0, no flags, stored, time 00:00, date 1980-01-01
            let common = u16(20) + u16(0) + u16(0) + u16(0) + u16(0x21) + u32(crc) + u32(data.count) + u32(data.count) + u16(name.count)
            out += u32(0x0403_4b50) + common + u16(0) + name
            out += data
            central += u32(0x0201_4b50) + u16(20) + common + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + name
        }
        let centralOffset = out.count
        guard centralOffset + central.count < 0xFFFF_FFFF else { throw TooLarge(path: path) }
        out += central
        out += u32(0x0605_4b50) + u16(0) + u16(0) + u16(arrays.count) + u16(arrays.count)
        out += u32(central.count) + u32(centralOffset) + u16(0)
        return out
    }

    /// Writes `arrays` to `path` all-or-nothing (`AtomicFileWriter`): a reader sees the old file or
    /// the complete new one, and a failure leaves no partial file.
    public static func write(_ arrays: [Array], to path: String) throws {
        let bytes = try archive(arrays, path: path)
        try AtomicFileWriter.write(to: path) { try $0.write(bytes: bytes) }
    }
}
