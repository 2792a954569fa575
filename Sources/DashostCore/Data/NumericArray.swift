/// A numeric array read from a data file (a `.npy` member of an `.npz`, or a MATLAB variable), converted
/// to `Double` and laid out in C (row-major) order whatever the file's own order.
public struct NumericArray: Equatable, Sendable {
    /// The array's dimensions (empty for a 0-d scalar).
    public let shape: [Int]
    /// All elements in row-major order; `values.count` is the product of `shape`.
    public let values: [Double]
    /// The element type as the file names it: numpy's type string (`<f8`, `|u1`) or MATLAB's class (`double`).
    public let dtype: String

    /// Creates an array from row-major values.
    public init(shape: [Int], values: [Double], dtype: String) {
        precondition(values.count == shape.reduce(1, *), "NumericArray: \(values.count) values for shape \(shape)")
        self.shape = shape
        self.values = values
        self.dtype = dtype
    }

    /// Parses a complete `.npy` file image (format versions 1.0, 2.0 and 3.0).
    ///
    /// Supported element types: `f8 f4 i8 i4 i2 i1 u8 u4 u2 u1 b1`, little- or big-endian. `path` and
    /// `name` only label error messages.
    public init(npyBytes bytes: [UInt8], path: String, name: String) throws {
        let prefix = try NpyHeader.prefix(bytes.prefix(12).map { $0 }, path: path, name: name)
        func corrupt(_ detail: String) -> DataError { .corruptArray(path: path, name: name, detail: detail) }
        guard prefix.headerStart + prefix.headerLength <= bytes.count else { throw corrupt("header runs past the end of the data") }
        let header = try NpyHeader(bytes: bytes[prefix.headerStart..<(prefix.headerStart + prefix.headerLength)], path: path, name: name)
        let dataStart = prefix.headerStart + prefix.headerLength
        try header.checkDataBytes(bytes.count - dataStart, path: path, name: name)
        self = bytes.withUnsafeBytes { NumericArray(header: header, data: UnsafeRawBufferPointer(rebasing: $0[dataStart...])) }
    }

    /// Converts the data of a `.npy` whose header was checked against it (`checkDataBytes`).
    init(header: NpyHeader, data: UnsafeRawBufferPointer) {
        let type = NpyElementType(descr: header.descr)!
        let count = header.elementCount
        var converted = [Double](repeating: 0, count: count)
        converted.withUnsafeMutableBufferPointer { type.convert(data, into: $0) }
        if header.fortranOrder && header.shape.count > 1 {
            converted = Self.columnMajorToRowMajor(converted, shape: header.shape)
        }
        self.shape = header.shape
        self.values = converted
        self.dtype = header.descr
    }

    /// Reorders Fortran-ordered (first index fastest) values into C order (last index fastest).
    static func columnMajorToRowMajor(_ values: [Double], shape: [Int]) -> [Double] {
        let count = values.count
        guard count > 0 else { return values }
        if shape.count == 2 {
            let rows = shape[0], cols = shape[1]
            var out = [Double](repeating: 0, count: count)
            values.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    for j in 0..<cols {
                        let column = j * rows
                        for i in 0..<rows { dst[i * cols + j] = src[column + i] }
                    }
                }
            }
            return out
        }
        // General n-d case: walk the C-order index and compute its Fortran offset.
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var out = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for position in 0..<count {
            var offset = 0
            for axis in 0..<shape.count { offset += index[axis] * fortranStrides[axis] }
            out[position] = values[offset]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}

/// The three fields of a `.npy` header dict: `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
struct NpyHeader {
    let descr: String
    let fortranOrder: Bool
    let shape: [Int]
    /// The number of elements (the product of `shape`; overflow is refused when parsing).
    let elementCount: Int

    /// Header text as it may appear in a one-line message: trimmed, control and non-ASCII characters
    /// escaped (`\u{..}`), at most 200 characters.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in DataFileAccess.trimmed(text).unicodeScalars {
            if out.count >= 200 { out += "..."; break }
            out += (0x20..<0x7F).contains(scalar.value) ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
        }
        return out
    }

    /// Where the header dict starts and how long it is, from the first 10 (v1) or 12 (v2, v3) bytes.
    static func prefix(_ bytes: [UInt8], path: String, name: String) throws -> (headerStart: Int, headerLength: Int) {
        func corrupt(_ detail: String) -> DataError { .corruptArray(path: path, name: name, detail: detail) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw corrupt("not a .npy array (bad magic)") }
        switch bytes[6] {
        case 1:
            return (10, Int(bytes.leUInt16(at: 8)))
        case 2, 3:
            guard bytes.count >= 12 else { throw corrupt("truncated header") }
            return (12, Int(bytes.leUInt32(at: 8)))
        default:
            throw corrupt("unsupported .npy format version \(bytes[6]).\(bytes[7])")
        }
    }

    /// Reads the magic, version and header of a `.npy` member from `reader`, leaving it at the first
    /// data byte, and checks that the member holds exactly the data the header's shape and type need
    /// (so nothing is inflated or allocated beyond what the header states). Returns the header and the
    /// number of bytes before the data.
    static func read(from reader: ZipMemberReader, path: String, name: String) throws -> (header: NpyHeader, headerBytes: Int) {
        func corrupt(_ detail: String) -> DataError { .corruptArray(path: path, name: name, detail: detail) }
        let total = reader.remaining
        guard total >= 10 else { throw corrupt("member of \(total) bytes is too short for a .npy header") }
        // Exactly the prefix (10 bytes, 12 for versions 2 and 3), then exactly the header: a header
        // length shorter than what was read ahead would otherwise be negative (found by fuzzing).
        var first = [UInt8](repeating: 0, count: 10)
        try first.withUnsafeMutableBytes { try reader.readExactly($0) }
        if first[6] == 2 || first[6] == 3, total >= 12 {
            var more: [UInt8] = [0, 0]
            try more.withUnsafeMutableBytes { try reader.readExactly($0) }
            first += more
        }
        let (start, length) = try prefix(first, path: path, name: name)
        guard start + length <= total else { throw corrupt("header (\(length) bytes) runs past the end of the member (\(total) bytes)") }
        var text = [UInt8](repeating: 0, count: length)
        try text.withUnsafeMutableBytes { try reader.readExactly($0) }
        let header: NpyHeader
        do {
            header = try NpyHeader(bytes: text[...], path: path, name: name)
        } catch {
            // An unreadable header is most often damaged data: say so (CRC-32, deflate) when it is.
            try reader.finish()
            throw error
        }
        try header.checkDataBytes(total - start - length, path: path, name: name)
        return (header, start + length)
    }

    /// Parses header bytes; an unsupported element type is `unsupportedDType`.
    init(bytes: ArraySlice<UInt8>, path: String, name: String) throws {
        // Version 3 only changes the header's encoding to UTF-8; the dict itself is the same.
        try self.init(parsing: String(decoding: bytes, as: UTF8.self)) { .corruptArray(path: path, name: name, detail: $0) }
        guard NpyElementType(descr: descr) != nil else {
            throw DataError.unsupportedDType(path: path, name: name, dtype: descr)
        }
    }

    /// Throws unless `available` data bytes are exactly what the shape and type need.
    func checkDataBytes(_ available: Int, path: String, name: String) throws {
        let size = NpyElementType(descr: descr)!.size
        let (needed, overflow) = elementCount.multipliedReportingOverflow(by: size)
        guard !overflow, needed == available else {
            throw DataError.corruptArray(path: path, name: name,
                detail: "shape \(shape) of \(descr) needs \(overflow ? "more than Int.max" : String(needed)) data bytes, found \(available)")
        }
    }

    /// Parses the Python-literal dict numpy writes (keys in any order, either quote style).
    init(parsing text: String, corrupt: (String) -> DataError) throws {
        var parser = PythonLiteralParser(text: text)
        let value: PythonLiteralParser.Value
        do {
            value = try parser.parseValue()
        } catch let PythonLiteralParser.Failure.syntax(detail) {
            throw corrupt("unreadable header \(Self.printable(text)): \(detail)")
        }
        guard case let .dict(entries) = value else { throw corrupt("header is not a dict: \(Self.printable(text))") }
        let descr: String
        switch entries["descr"] {
        case let .string(text)?: descr = text
        // A list-valued descr is a structured dtype: keep its text so it is reported as unsupported.
        case let other?: descr = other.description
        case nil: throw corrupt("header has no 'descr'")
        }
        guard case let .bool(fortran)? = entries["fortran_order"] else { throw corrupt("header has no 'fortran_order' True/False") }
        guard case let .tuple(items)? = entries["shape"] else { throw corrupt("header has no 'shape' tuple") }
        var shape: [Int] = []
        for item in items {
            guard case let .int(dimension) = item, dimension >= 0 else { throw corrupt("shape \(items) has a non-integer or negative entry") }
            shape.append(dimension)
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw corrupt("shape \(shape) is too large") }
            count = product
        }
        self.descr = descr
        self.fortranOrder = fortran
        self.shape = shape
        self.elementCount = count
    }
}

/// Just enough of Python's literal syntax for `.npy` headers: dicts, tuples/lists, strings, ints, booleans.
struct PythonLiteralParser {
    indirect enum Value: CustomStringConvertible {
        case dict([String: Value])
        case tuple([Value])
        case string(String)
        case int(Int)
        case bool(Bool)
        case none

        var description: String {
            switch self {
            case .dict(let d): return "{" + d.map { "'\($0.key)': \($0.value)" }.sorted().joined(separator: ", ") + "}"
            case .tuple(let t): return "(" + t.map(\.description).joined(separator: ", ") + ")"
            case .string(let s): return "'\(s)'"
            case .int(let i): return String(i)
            case .bool(let b): return b ? "True" : "False"
            case .none: return "None"
            }
        }
    }

    enum Failure: Error { case syntax(String) }

    private let characters: [Character]
    private var position = 0

    init(text: String) { characters = Array(text) }

    mutating func parseValue() throws -> Value {
        skipSpace()
        guard position < characters.count else { throw Failure.syntax("unexpected end") }
        let c = characters[position]
        switch c {
        case "{":
            position += 1
            var entries: [String: Value] = [:]
            while true {
                skipSpace()
                if try consume("}") { return .dict(entries) }
                guard case let .string(key) = try parseValue() else { throw Failure.syntax("dict key is not a string") }
                skipSpace()
                guard try consume(":") else { throw Failure.syntax("expected ':' after '\(key)'") }
                entries[key] = try parseValue()
                skipSpace()
                if try consume(",") { continue }
                if try consume("}") { return .dict(entries) }
                throw Failure.syntax("expected ',' or '}' at offset \(position)")
            }
        case "(", "[":
            let close: Character = c == "(" ? ")" : "]"
            position += 1
            var items: [Value] = []
            while true {
                skipSpace()
                if try consume(close) { return .tuple(items) }
                items.append(try parseValue())
                skipSpace()
                if try consume(",") { continue }
                if try consume(close) { return .tuple(items) }
                throw Failure.syntax("expected ',' or '\(close)' at offset \(position)")
            }
        case "'", "\"":
            position += 1
            var text = ""
            while position < characters.count, characters[position] != c {
                text.append(characters[position])
                position += 1
            }
            guard position < characters.count else { throw Failure.syntax("unterminated string") }
            position += 1
            return .string(text)
        default:
            var word = ""
            while position < characters.count, characters[position].isLetter || characters[position].isNumber
                    || characters[position] == "-" || characters[position] == "_" {
                word.append(characters[position])
                position += 1
            }
            // Python 2 era headers may write longs as `3L`.
            if word.hasSuffix("L"), let value = Int(word.dropLast()) { return .int(value) }
            if let value = Int(word) { return .int(value) }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw Failure.syntax("unexpected '\(word.isEmpty ? String(c) : word)' at offset \(position)")
            }
        }
    }

    private mutating func skipSpace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func consume(_ c: Character) throws -> Bool {
        guard position < characters.count else { throw Failure.syntax("unexpected end") }
        if characters[position] == c { position += 1; return true }
        return false
    }
}

/// An element type numpy can store in a `.npy`, with its byte order.
struct NpyElementType {
    enum Kind { case float, signed, unsigned, bool }
    let kind: Kind
    let size: Int
    let bigEndian: Bool

    /// Parses descr strings such as `<f8`, `>i4`, `|u1`, `|b1`; nil for anything else.
    init?(descr: String) {
        let chars = Array(descr)
        guard chars.count >= 3, let size = Int(String(chars[2...])) else { return nil }
        let order = chars[0]
        switch chars[1] {
        case "f" where size == 4 || size == 8: kind = .float
        case "i" where [1, 2, 4, 8].contains(size): kind = .signed
        case "u" where [1, 2, 4, 8].contains(size): kind = .unsigned
        case "b" where size == 1: kind = .bool
        default: return nil
        }
        switch order {
        case "<": bigEndian = false
        case ">": bigEndian = true
        case "=": bigEndian = false  // native; this host is little-endian
        case "|" where size == 1: bigEndian = false
        default: return nil
        }
        self.size = size
    }

    /// Converts packed elements to doubles.
    func convert(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Double>) {
        let n = out.count
        switch (kind, size) {
        case (.float, 8):
            for i in 0..<n {
                let bits = fix(raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                out[i] = Double(bitPattern: bits)
            }
        case (.float, 4):
            for i in 0..<n {
                let bits = fix(raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                out[i] = Double(Float(bitPattern: bits))
            }
        case (.signed, 8): for i in 0..<n { out[i] = Double(Int64(bitPattern: fix(raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))) }
        case (.signed, 4): for i in 0..<n { out[i] = Double(Int32(bitPattern: fix(raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))) }
        case (.signed, 2): for i in 0..<n { out[i] = Double(Int16(bitPattern: fix(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))) }
        case (.signed, _): for i in 0..<n { out[i] = Double(Int8(bitPattern: raw[i])) }
        case (.unsigned, 8): for i in 0..<n { out[i] = Double(fix(raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
        case (.unsigned, 4): for i in 0..<n { out[i] = Double(fix(raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))) }
        case (.unsigned, 2): for i in 0..<n { out[i] = Double(fix(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) }
        case (.unsigned, _): for i in 0..<n { out[i] = Double(raw[i]) }
        case (.bool, _): for i in 0..<n { out[i] = raw[i] != 0 ? 1 : 0 }
        default: fatalError("NpyElementType: unreachable \(kind) of size \(size)")
        }
    }

    private func fix<T: FixedWidthInteger>(_ value: T) -> T { bigEndian ? T(bigEndian: value) : T(littleEndian: value) }
}
