import Foundation

/// JSON numbers as Foundation parses them. On Linux `NSNumber(1) is Bool` is true, so a boolean is
/// recognised by its type encoding (`c`) instead.
@_spi(Testing) public enum JSONNumber {
    /// The value as a finite double when it is a JSON number (not a boolean), else nil.
    @_spi(Testing) public static func double(_ value: Any) -> Double? {
        guard let n = value as? NSNumber, !isBool(n), n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }

    /// The value as a boolean when it is JSON `true` / `false`, else nil.
    @_spi(Testing) public static func bool(_ value: Any) -> Bool? {
        guard let n = value as? NSNumber, isBool(n) else { return nil }
        return n.boolValue
    }

    private static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    /// A finite double as JSON text: integers without a fraction ("20"), others shortest round-trip.
    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
