import Foundation

/// JSON numbers as Foundation parses them. On Linux `NSNumber(1) is Bool` is true, so a boolean is
/// recognised by its type encoding (`c`) instead.
enum JSONNumber {
    /// The value as a finite double when it is a JSON number (not a boolean), else nil.
    static func double(_ value: Any) -> Double? {
        guard let n = value as? NSNumber, String(cString: n.objCType) != "c", n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }
}
