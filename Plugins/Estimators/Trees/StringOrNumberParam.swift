import DashostPluginKit

/// A parameter that is either one of a few keywords or a number (scikit-learn's `max_features`, `gamma`).
public enum StringOrNumber: Equatable {
    /// One of the allowed keywords.
    case string(String)
    /// A finite number.
    case number(Double)
}

extension PluginParams {
    /// Reads `key` as one of `allowed` or as a number; `defaultValue` (a keyword) when absent.
    ///
    /// `PluginParams` has typed accessors only, so this asks for a number first (which fails on a
    /// string) and then for a string (which fails on a number). The string read comes last so that the
    /// descriptor's `default_params` shows the keyword default.
    public func stringOrNumber(_ key: String, default defaultValue: String, among allowed: [String]) throws -> StringOrNumber {
        let number = try? double(key, default: .nan)
        let text = try? string(key, default: defaultValue)
        if let text {
            guard allowed.contains(text) else {
                throw PluginError.badParams("parameter '\(key)' = \"\(text)\" is not a number or one of \(allowed.joined(separator: ", "))")
            }
            return .string(text)
        }
        guard let number, number.isFinite else {
            throw PluginError.badParams("parameter '\(key)' must be a number or one of \(allowed.joined(separator: ", "))")
        }
        return .number(number)
    }
}
