import CZlib
import Foundation

/// Test-only writer of MATLAB v5 `.mat` images, uncompressed (the layout MATLAB's `save -v6` and Octave
/// produce) or with each variable in a zlib-compressed element (`save -v7`), written byte by byte from
/// the format description so reader tests don't rely on libmatio to make their inputs.
enum MatTestWriter {
    /// A MATLAB class and the storage type its data is written in.
    enum Class {
        case double, single, int8, uint8, int16, uint16, int32, uint32, int64, uint64, logical, char

        var classCode: UInt32 {
            switch self {
            case .double: return 6
            case .single: return 7
            case .int8: return 8
            case .uint8, .logical: return 9
            case .int16: return 10
            case .uint16: return 11
            case .int32: return 12
            case .uint32: return 13
            case .int64: return 14
            case .uint64: return 15
            case .char: return 4
            }
        }

        /// (miTYPE, encoder) of the data element.
        var storage: (UInt32, (Double) -> [UInt8]) {
            func le<T: FixedWidthInteger>(_ x: T) -> [UInt8] { withUnsafeBytes(of: x.littleEndian) { Array($0) } }
            switch self {
            case .double: return (9, { le($0.bitPattern) })
            case .single: return (7, { le(Float($0).bitPattern) })
            case .int8: return (1, { le(Int8($0)) })
            case .uint8, .logical: return (2, { le(UInt8($0)) })
            case .int16: return (3, { le(Int16($0)) })
            case .uint16, .char: return (4, { le(UInt16($0)) })
            case .int32: return (5, { le(Int32($0)) })
            case .uint32: return (6, { le(UInt32($0)) })
            case .int64: return (12, { le(Int64($0)) })
            case .uint64: return (13, { le(UInt64($0)) })
            }
        }
    }

    /// One variable: `rowMajor` values of an array of `shape`, stored column-major as MATLAB does.
    struct Variable {
        var name: String
        var type: Class
        var shape: [Int]
        var rowMajor: [Double]
        var complex = false
        /// Dimensions written in place of `shape` (to declare more than the data holds).
        var dimsOverride: [Int]? = nil
        /// Added to the byte count written in the real data's tag (to overrun the variable).
        var dataLengthDelta = 0
    }

    private static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    private static func element(_ type: UInt32, _ payload: [UInt8], lengthDelta: Int = 0) -> [UInt8] {
        var out = u32(type) + u32(UInt32(payload.count + lengthDelta)) + payload
        while out.count % 8 != 0 { out.append(0) }
        return out
    }

    /// Column-major (first index fastest) order of row-major values of `shape`.
    static func columnMajor(_ values: [Double], shape: [Int]) -> [Double] {
        guard shape.count >= 2, !values.isEmpty else { return values }
        var rowStrides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { rowStrides[axis] = rowStrides[axis + 1] * shape[axis + 1] }
        var out: [Double] = []
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<values.count {
            out.append(values[zip(index, rowStrides).map(*).reduce(0, +)])
            var axis = 0
            while axis < shape.count {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis += 1
            }
        }
        return out
    }

    /// A whole `.mat` image holding `variables`.
    static func mat(_ variables: [Variable], compressed: Bool = false) -> [UInt8] {
        var text = Array("MATLAB 5.0 MAT-file, written by dashost tests".utf8)
        text += [UInt8](repeating: 0x20, count: 116 - text.count)
        var out = text + [UInt8](repeating: 0, count: 8)
        out += [0x00, 0x01] + Array("IM".utf8)
        for variable in variables {
            var flags = variable.type.classCode
            if variable.type == .logical { flags |= 0x200 }
            if variable.complex { flags |= 0x800 }
            var body = element(6, u32(flags) + u32(0))
            body += element(5, (variable.dimsOverride ?? variable.shape).flatMap { withUnsafeBytes(of: Int32($0).littleEndian) { Array($0) } })
            body += element(1, Array(variable.name.utf8))
            let (dataType, encode) = variable.type.storage
            let real = columnMajor(variable.rowMajor, shape: variable.shape).flatMap(encode)
            body += element(dataType, real, lengthDelta: variable.dataLengthDelta)
            if variable.complex { body += element(dataType, real) }
            let matrix = u32(14) + u32(UInt32(body.count)) + body
            if compressed {
                let stream = zlibCompress(matrix)
                out += u32(15) + u32(UInt32(stream.count)) + stream
            } else {
                out += matrix
            }
        }
        return out
    }

    /// A zlib stream (header, deflate data, Adler-32), as MAT files store compressed elements.
    static func zlibCompress(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { compress2(o.baseAddress, &length, $0.baseAddress, uLong($0.count), 6) }
        }
        precondition(status == Z_OK)
        return Array(out[0..<Int(length)])
    }
}
