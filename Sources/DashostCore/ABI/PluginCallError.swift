import CDashostPlugin

/// A plugin function returned a non-OK status: which plugin, doing what, with its code and message.
public struct PluginCallError: Error, CustomStringConvertible, Sendable {
    /// The plugin's name.
    public let plugin: String
    /// The operation, e.g. "fit", "score", "create".
    public let operation: String
    /// The raw status code.
    public let status: UInt32
    /// The plugin's message.
    public let message: String

    /// The symbolic name of `status`, e.g. `DASHOST_ERR_BAD_PARAMS`.
    public var statusName: String { PluginCallError.name(of: status) }

    public var description: String {
        "plugin '\(plugin)' \(operation) failed (\(statusName)): \(message.isEmpty ? "no message" : message)"
    }

    /// The symbolic name of a status code.
    public static func name(of status: UInt32) -> String {
        let names = ["DASHOST_OK", "DASHOST_ERR_INVALID_ARGUMENT", "DASHOST_ERR_BAD_PARAMS", "DASHOST_ERR_NOT_FITTED",
                     "DASHOST_ERR_NON_FINITE", "DASHOST_ERR_SHAPE", "DASHOST_ERR_NO_MEMORY", "DASHOST_ERR_INTERNAL",
                     "DASHOST_ERR_UNSUPPORTED", "DASHOST_ERR_CALLBACK"]
        return Int(status) < names.count ? names[Int(status)] : "status \(status)"
    }
}

/// Calls a plugin function with a fresh error buffer and throws `PluginCallError` unless it returns OK.
func callPlugin(_ plugin: String, _ operation: String,
                _ body: (UnsafeMutablePointer<dashost_error>) -> dashost_status) throws {
    var err = dashost_error()
    let status = withUnsafeMutablePointer(to: &err) { body($0) }
    guard status == DASHOST_OK else {
        throw PluginCallError(plugin: plugin, operation: operation, status: status.rawValue,
                              message: errorMessage(&err))
    }
}

/// The NUL-terminated message in an error buffer (bounded by its capacity even if a plugin forgot the NUL).
func errorMessage(_ err: inout dashost_error) -> String {
    withUnsafeBytes(of: &err.message) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
