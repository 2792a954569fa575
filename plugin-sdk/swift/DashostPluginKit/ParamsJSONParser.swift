import Foundation

/// The JSON parser behind `PluginParams`: accepts exactly the texts that
/// `JSONSerialization.jsonObject(with:options: .fragmentsAllowed)` accepts and gives the same values.
///
/// Why not JSONSerialization itself: every plugin instance parses its params, and the fusion node
/// creates one per run; JSONSerialization (with NSNumber boxing, `Any` casts and Foundation's
/// whitespace trimming around it) cost more than fusing the scores of a small data set. This reads
/// the UTF-8 bytes once into `ParamValue`s.
///
/// What "exactly" means here, beyond RFC 8259 (as swift-corelibs-foundation reads JSON):
/// - a trailing comma before `]` or `}` is accepted; a repeated key keeps its last value;
/// - a leading UTF-8 byte order mark is skipped; containers nest at most 512 deep;
/// - a number becomes what `NSNumber.doubleValue` gives: an integer token through Int64 (so `-0`
///   is +0), any other token of up to 17 characters through `Double(String)`, a token that is not
///   finite there is an error. Longer tokens may become NSDecimalNumber, whose conversion to Double
///   is its own; JSONSerialization converts those (rare) tokens, one at a time.
/// - a text holding a NUL byte goes to JSONSerialization whole: its encoding detection may then read
///   the bytes as UTF-16 or UTF-32.
struct ParamsJSONParser {
    /// The text is not valid JSON; the caller reports it.
    struct Invalid: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses one JSON value (any kind) filling all of `text` but whitespace.
    static func parse(_ text: String) throws -> ParamValue {
        if text.utf8.contains(0) {
            guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
                throw Invalid()
            }
            return ParamValue(foundation: value)
        }
        if let value = try text.utf8.withContiguousStorageIfAvailable({ try parse(bytes: $0) }) { return value }
        return try Array(text.utf8).withUnsafeBufferPointer { try parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> ParamValue {
        var parser = ParamsJSONParser(bytes: bytes)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { parser.at = 3 }
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.at == bytes.count else { throw Invalid() }
        return value
    }

    // MARK: Values

    private mutating func value() throws -> ParamValue {
        skipWhitespace()
        switch try peek() {
        case Byte.quote: return .string(try string())
        case Byte.openBrace: return try object()
        case Byte.openBracket: return try array()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case Byte.minus, Byte.zero...Byte.nine: return .number(try number())
        default: throw Invalid()
        }
    }

    private mutating func object() throws -> ParamValue {
        at += 1
        try enter()
        defer { depth -= 1 }
        var members: [String: ParamValue] = [:]
        skipWhitespace()
        if try peek() == Byte.closeBrace {
            at += 1
            return .object(members)
        }
        while true {
            guard try peek() == Byte.quote else { throw Invalid() }
            let key = try string()
            skipWhitespace()
            guard try peek() == Byte.colon else { throw Invalid() }
            at += 1
            members[key] = try value()
            if try closesAfterElement(Byte.closeBrace) { return .object(members) }
        }
    }

    private mutating func array() throws -> ParamValue {
        at += 1
        try enter()
        defer { depth -= 1 }
        var elements: [ParamValue] = []
        skipWhitespace()
        if try peek() == Byte.closeBracket {
            at += 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            if try closesAfterElement(Byte.closeBracket) { return .array(elements) }
        }
    }

    /// After an object member or array element: consumes `close` (true: the container ends) or a
    /// comma (false: another element follows), where a comma directly before `close` is a trailing
    /// comma that also ends the container; anything else is invalid.
    private mutating func closesAfterElement(_ close: UInt8) throws -> Bool {
        skipWhitespace()
        switch try peek() {
        case close:
            at += 1
            return true
        case Byte.comma:
            at += 1
            skipWhitespace()
            if try peek() == close {  // a trailing comma
                at += 1
                return true
            }
            return false
        default:
            throw Invalid()
        }
    }

    /// One level deeper into arrays and objects.
    private mutating func enter() throws {
        guard depth < 512 else { throw Invalid() }
        depth += 1
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { throw Invalid() }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { throw Invalid() }
        at += count
    }

    // MARK: Strings

    private mutating func string() throws -> String {
        at += 1
        let start = at
        // Most strings have no escape: their bytes are the string.
        while at < bytes.count {
            switch bytes[at] {
            case Byte.quote:
                at += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(at - 1)]), as: UTF8.self)
            case Byte.backslash:
                return try escapedString(prefix: UnsafeBufferPointer(rebasing: bytes[start..<at]))
            case 0..<0x20:
                throw Invalid()  // control characters must be escaped
            default:
                at += 1
            }
        }
        throw Invalid()
    }

    /// The rest of a string from its first escape on; `prefix` is what came before it.
    private mutating func escapedString(prefix: UnsafeBufferPointer<UInt8>) throws -> String {
        var utf8 = Array(prefix)
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case Byte.quote:
                return String(decoding: utf8, as: UTF8.self)
            case Byte.backslash:
                let escape = try peek()
                at += 1
                switch escape {
                case Byte.quote, Byte.backslash, UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape()) { utf8.append($0) }
                default: throw Invalid()
                }
            case 0..<0x20:
                throw Invalid()
            default:
                utf8.append(byte)
            }
        }
        throw Invalid()
    }

    /// The scalar of `\uXXXX` (after the `u`); a high surrogate must be followed by `\u` and a low one.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        let unit = try hex4()
        if unit & 0xFC00 == 0xD800 {
            guard at + 2 <= bytes.count, bytes[at] == Byte.backslash, bytes[at + 1] == UInt8(ascii: "u") else { throw Invalid() }
            at += 2
            let low = try hex4()
            guard low & 0xFC00 == 0xDC00 else { throw Invalid() }
            return Unicode.Scalar((UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00) + 0x10000)!
        }
        guard let scalar = Unicode.Scalar(unit) else { throw Invalid() }  // a lone low surrogate
        return scalar
    }

    private mutating func hex4() throws -> UInt16 {
        guard at + 4 <= bytes.count else { throw Invalid() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[at]
            let digit: UInt8
            switch b {
            case Byte.zero...Byte.nine: digit = b - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw Invalid()
            }
            value = value << 4 | UInt16(digit)
            at += 1
        }
        return value
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, followed by whitespace, `,`, `]`, `}` or the end.
    private mutating func number() throws -> Double {
        let start = at
        var integer = true
        if bytes[at] == Byte.minus { at += 1 }
        switch try peek() {
        case Byte.zero: at += 1
        case Byte.one...Byte.nine: skipDigits()
        default: throw Invalid()
        }
        if at < bytes.count && bytes[at] == UInt8(ascii: ".") {
            integer = false
            at += 1
            try requireDigits()
        }
        if at < bytes.count && (bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E")) {
            integer = false
            at += 1
            if at < bytes.count && (bytes[at] == UInt8(ascii: "+") || bytes[at] == Byte.minus) { at += 1 }
            try requireDigits()
        }
        if at < bytes.count {
            switch bytes[at] {
            case Byte.space, Byte.tab, Byte.newline, Byte.carriageReturn, Byte.comma, Byte.closeBracket, Byte.closeBrace: break
            default: throw Invalid()  // e.g. a leading zero ("01") or a second point
            }
        }
        return try ParamsJSONParser.double(UnsafeBufferPointer(rebasing: bytes[start..<at]), integer: integer)
    }

    private mutating func requireDigits() throws {
        guard at < bytes.count, (Byte.zero...Byte.nine).contains(bytes[at]) else { throw Invalid() }
        skipDigits()
    }

    private mutating func skipDigits() {
        while at < bytes.count && (Byte.zero...Byte.nine).contains(bytes[at]) { at += 1 }
    }

    /// The value `NSNumber.doubleValue` has for the number JSONSerialization makes of `token`.
    private static func double(_ token: UnsafeBufferPointer<UInt8>, integer: Bool) throws -> Double {
        if token.count <= 17 {
            if integer {
                var magnitude: Int64 = 0
                for b in token where b != Byte.minus { magnitude = magnitude * 10 + Int64(b - Byte.zero) }
                return Double(token[0] == Byte.minus ? -magnitude : magnitude)
            }
            guard let value = Double(String(decoding: token, as: UTF8.self)), value.isFinite else { throw Invalid() }
            return value
        }
        guard let number = (try? JSONSerialization.jsonObject(with: Data(token), options: [.fragmentsAllowed])) as? NSNumber else {
            throw Invalid()
        }
        return number.doubleValue
    }

    // MARK: Bytes

    /// The byte at the reading position; the end of the text is an error.
    private func peek() throws -> UInt8 {
        guard at < bytes.count else { throw Invalid() }
        return bytes[at]
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    private mutating func skipWhitespace() {
        while at < bytes.count {
            switch bytes[at] {
            case Byte.space, Byte.tab, Byte.newline, Byte.carriageReturn: at += 1
            default: return
            }
        }
    }

    private enum Byte {
        static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
        static let colon = UInt8(ascii: ":"), comma = UInt8(ascii: ","), minus = UInt8(ascii: "-")
        static let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1"), nine = UInt8(ascii: "9")
        static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    }
}
