/// One frame of the protocol between the bridge and its Python child (`PythonRunnerSource`): a
/// 32-byte little-endian header (type: UInt32, reserved: UInt32, a: UInt64, b: UInt64, payload byte
/// count: UInt64), then the payload. Matrices and vectors travel as float64 little-endian, row-major
/// (NumPy's `tobytes` / `frombuffer`), so no value is ever rounded through text.
struct BridgeMessage {
    /// Message types; who sends each and what `a`, `b` and the payload hold.
    enum Kind: UInt32 {
        /// host -> Python: a = n_samples, b = seed; payload = function name, NUL, script path, NUL, script bytes.
        case initialize = 1
        /// host -> Python: a = rows, b = cols; payload = X_train.
        case train = 2
        /// Python -> host: a = rows, b = cols; payload = the rows `model.predict_score` was asked to score.
        case scoreRequest = 3
        /// host -> Python: a = rows, b = 1; payload = one score per requested row.
        case scores = 4
        /// Python -> host: a = rows, b = cols; payload = the synthetic anomalies.
        case result = 5
        /// Python -> host: a = a `PythonErrorKind`; payload = UTF-8 text (a traceback, or a message).
        case error = 6
    }

    /// Header size in bytes.
    static let headerSize = 32

    var kind: UInt32
    var a: UInt64
    var b: UInt64
    var payload: [UInt8]

    /// The header's bytes for a payload of `count` bytes.
    static func header(_ kind: Kind, a: UInt64, b: UInt64, count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(kind.rawValue)
        append(UInt32(0))
        append(a)
        append(b)
        append(UInt64(count))
        return bytes
    }

    /// Reads the header fields of `bytes` (exactly `headerSize` of them): type, a, b, payload size.
    static func parseHeader(_ bytes: [UInt8]) -> (kind: UInt32, a: UInt64, b: UInt64, count: UInt64) {
        func field<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            var value: T = 0
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[offset..<offset + MemoryLayout<T>.size]) }
            return T(littleEndian: value)
        }
        return (field(0, UInt32.self), field(8, UInt64.self), field(16, UInt64.self), field(24, UInt64.self))
    }

    /// The payload as float64 values (its size is a multiple of 8, checked by the caller).
    var doubles: [Double] {
        payload.withUnsafeBytes { raw in
            (0..<payload.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }

    /// The payload as text (invalid UTF-8 repaired).
    var text: String { String(decoding: payload, as: UTF8.self) }
}
