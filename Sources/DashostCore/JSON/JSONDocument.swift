import Foundation

/// A JSON text that is not valid, strict RFC 8259: where (1-based line and column, columns counted in
/// characters) and what.
public struct JSONSyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or option) the text came from.
    public let source: String
    /// 1-based line of the offending character.
    public let line: Int
    /// 1-based column (in Unicode scalars) of the offending character.
    public let column: Int
    /// What is wrong there.
    public let message: String

    public var description: String { "\(source): not valid JSON: line \(line), column \(column): \(message)" }
}

/// dashost's one JSON parser, for pipeline files, registry files and plugin params: strict RFC 8259.
///
/// Refused, each with its line and column: trailing commas, comments, single quotes, duplicate object
/// keys (which copy would win is parser-dependent), leading zeros, `NaN` / `Infinity`, control
/// characters and invalid escapes in strings, lone surrogates, invalid UTF-8, nesting deeper than 512,
/// and anything after the value. A UTF-8 byte-order mark at the start is skipped.
///
/// `parse` returns the same Foundation values `JSONSerialization` gives (`[String: Any]`, `[Any]`,
/// `String`, `NSNumber`, `NSNull`), so callers keep their code; numbers are exact: an integer literal
/// that fits `Int` (or `UInt64`) is that integer, not a rounded `Double` (see `exactUInt64`).
public enum JSONDocument {
    /// Parses `data`; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws -> Any {
        var parser = Parser(bytes: [UInt8](data), source: source)
        return try parser.document()
    }

    /// Parses UTF-8 `text`; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws -> Any {
        var parser = Parser(bytes: Array(text.utf8), source: source)
        return try parser.document()
    }

    /// Parses a text that must be a JSON object.
    public static func parseObject(_ text: String, source: String) throws -> [String: Any]? {
        try parse(text, source: source) as? [String: Any]
    }

    /// `value` as an exact non-negative integer: a JSON integer literal in 0 ... 2^64-1, or nil
    /// (negative, fractional, an exponent, a number beyond 2^64-1, or not a number).
    public static func exactUInt64(_ value: Any) -> UInt64? {
        guard let n = value as? NSNumber else { return nil }
        switch String(cString: n.objCType) {
        case "q", "l", "i", "s": return n.int64Value >= 0 ? UInt64(n.int64Value) : nil
        case "Q", "L", "I", "S": return n.uint64Value
        default: return nil  // doubles and booleans
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        let source: String
        var index = 0
        var depth = 0

        init(bytes: [UInt8], source: String) {
            self.bytes = bytes
            self.source = source
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        /// Line and column of byte `offset`.
        func position(_ offset: Int) -> (line: Int, column: Int) {
            var line = 1, column = 1
            var k = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while k < min(offset, bytes.count) {
                if bytes[k] == 0x0A { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
            return (line, column)
        }

        func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
            let (line, column) = position(offset ?? index)
            return JSONSyntaxError(source: source, line: line, column: column, message: message)
        }

        /// What is at `index`, for messages.
        func found() -> String {
            guard index < bytes.count else { return "the end of the text" }
            let b = bytes[index]
            if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            return String(format: "byte 0x%02X", b)
        }

        mutating func document() throws -> Any {
            skipSpace()
            let value = try parseValue()
            skipSpace()
            guard index == bytes.count else { throw error("unexpected \(found()) after the JSON value") }
            return value
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func parseValue() throws -> Any {
            guard index < bytes.count else { throw error("unexpected end of the text, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return try parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            case UInt8(ascii: "t"): try literal("true"); return NSNumber(value: true)
            case UInt8(ascii: "f"): try literal("false"); return NSNumber(value: false)
            case UInt8(ascii: "n"): try literal("null"); return NSNull()
            case UInt8(ascii: "'"): throw error("strings take double quotes, not single quotes")
            case UInt8(ascii: "/"): throw error("comments are not JSON")
            default: throw error("unexpected \(found()), expected a value")
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw error("unexpected \(found()), expected a value")
            }
            index += expected.count
        }

        mutating func enter() throws {
            depth += 1
            guard depth <= 512 else { throw error("nesting deeper than 512 levels") }
        }

        mutating func parseObject() throws -> [String: Any] {
            try enter()
            defer { depth -= 1 }
            index += 1
            var object: [String: Any] = [:]
            var firstSeen: [String: Int] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return object }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") { throw error("trailing comma before '}'") }
                    throw error("unexpected \(found()), expected a key in double quotes")
                }
                let keyOffset = index
                let key = try parseString()
                if let first = firstSeen[key] {
                    let (line, column) = position(first)
                    throw error("duplicate key '\(key)' (first at line \(line), column \(column))", at: keyOffset)
                }
                firstSeen[key] = keyOffset
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw error("unexpected \(found()), expected ':' after the key '\(key)'")
                }
                index += 1
                skipSpace()
                object[key] = try parseValue()
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end of the text, expected ',' or '}'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return object }
                throw error("unexpected \(found()), expected ',' or '}'")
            }
        }

        mutating func parseArray() throws -> [Any] {
            try enter()
            defer { depth -= 1 }
            index += 1
            var array: [Any] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return array }
            while true {
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
                array.append(try parseValue())
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end of the text, expected ',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return array }
                throw error("unexpected \(found()), expected ',' or ']'")
            }
        }

        mutating func parseString() throws -> String {
            let start = index
            index += 1
            var scalars = String.UnicodeScalarView()
            while true {
                guard index < bytes.count else { throw error("unterminated string", at: start) }
                let b = bytes[index]
                switch b {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw error("unterminated string", at: start) }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        let escapeStart = index - 2
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw error("lone surrogate \\u\(String(code, radix: 16, uppercase: true))", at: escapeStart)
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else {
                                throw error("lone surrogate \\u\(String(code, radix: 16, uppercase: true))", at: escapeStart)
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw error("lone surrogate \\u\(String(code, radix: 16, uppercase: true))", at: escapeStart)
                        }
                        scalars.append(Unicode.Scalar(code)!)
                    default:
                        index -= 1
                        throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: index - 1)
                    }
                case 0x00..<0x20:
                    throw error("control character \(String(format: "0x%02X", b)) in a string (escape it)")
                case 0x00..<0x80:
                    scalars.append(Unicode.Scalar(b))
                    index += 1
                default:
                    scalars.append(try utf8Scalar())
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard bytes.count - index >= 4,
                  let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16),
                  bytes[index..<(index + 4)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else {
                throw error("\\u must be followed by 4 hexadecimal digits")
            }
            index += 4
            return value
        }

        /// One multi-byte UTF-8 scalar at `index`.
        mutating func utf8Scalar() throws -> Unicode.Scalar {
            let lead = bytes[index]
            let length: Int
            var value: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
            default: throw error("invalid UTF-8 (byte \(String(format: "0x%02X", lead)))")
            }
            guard bytes.count - index >= length else { throw error("invalid UTF-8 (truncated sequence)") }
            for k in 1..<length {
                let b = bytes[index + k]
                guard b & 0xC0 == 0x80 else { throw error("invalid UTF-8 (byte \(String(format: "0x%02X", b)))") }
                value = value << 6 | UInt32(b & 0x3F)
            }
            let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
            guard value >= minimum, let scalar = Unicode.Scalar(value) else { throw error("invalid UTF-8 (overlong or surrogate)") }
            index += length
            return scalar
        }

        mutating func parseNumber() throws -> Any {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let intStart = index
            guard digits() > 0 else { throw error("a number needs digits after '-'", at: start) }
            if bytes[intStart] == UInt8(ascii: "0") && index - intStart > 1 { throw error("numbers cannot have leading zeros", at: start) }
            var integral = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                integral = false
                guard digits() > 0 else { throw error("a number needs digits after '.'", at: start) }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                integral = false
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw error("a number needs digits in its exponent", at: start) }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if integral {
                if let n = Int(text) { return NSNumber(value: n) }
                if let n = UInt64(text) { return NSNumber(value: n) }
            }
            guard let d = Double(text), d.isFinite else { throw error("number \(text) is out of range", at: start) }
            return NSNumber(value: d)
        }
    }
}
