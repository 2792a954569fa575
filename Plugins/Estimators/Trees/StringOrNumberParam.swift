import DashostPluginKit

/// A parameter that is either one of a few keywords or a number (scikit-learn's `max_features`, `gamma`).
public enum StringOrNumber: Equatable {
    /// One of the allowed keywords.
    case string(String)
    /// A finite number.
    case number(Double)
}

extension PluginParams {
    /// Reads `key` as one of `allowed` or as a number written as a string (`"0.5"`, `"3"`);
    /// `defaultValue` (a keyword) when absent.
    ///
    /// The ABI's parameter types have no "keyword or number", so the schema declares a string (any
    /// string: the host leaves the check to this reader) and a number is given in quotes.
    public func stringOrNumber(_ key: String, default defaultValue: String, among allowed: [String],
                               doc: String) throws -> StringOrNumber {
        let text = try string(key, default: defaultValue, doc: doc)
        if allowed.contains(text) { return .string(text) }
        guard let number = Double(text), number.isFinite else {
            throw PluginError.badParams(
                "parameter '\(key)' = \"\(text)\" is not a number or one of \(allowed.joined(separator: ", "))")
        }
        return .number(number)
    }
}
