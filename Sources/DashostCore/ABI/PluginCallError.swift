import CDashostPlugin

/// A plugin function returned a non-OK status: which plugin, doing what, with its code and message.
public struct PluginCallError: Error, CustomStringConvertible, Sendable {
    /// The plugin's name.
    public let plugin: String
    /// The operation, e.g. "fit", "score", "create".
    public let operation: String
    /// The raw status code (`DASHOST_*` in the header).
    public let status: dashost_status
    /// The plugin's message.
    public let message: String

    /// The symbolic name of `status`, e.g. `DASHOST_ERR_BAD_PARAMS`.
    public var statusName: String { PluginCallError.name(of: status) }

    public var description: String {
        "plugin '\(plugin)' \(operation) failed (\(statusName)): \(message.isEmpty ? "no message" : message)"
    }

    /// The symbolic name of a status code, as the header defines it (`dashost_status_name`).
    public static func name(of status: dashost_status) -> String {
        dashost_status_name(status).map { String(cString: $0) } ?? "status \(status)"
    }
}

/// Calls a plugin function with a fresh error buffer and throws `PluginCallError` unless it returns OK.
func callPlugin(_ plugin: String, _ operation: String,
                _ body: (UnsafeMutablePointer<dashost_error>) -> dashost_status) throws {
    var err = dashost_error()
    let status = withUnsafeMutablePointer(to: &err) { body($0) }
    guard status == DASHOST_OK else {
        throw PluginCallError(plugin: plugin, operation: operation, status: status, message: errorMessage(&err))
    }
}

/// The NUL-terminated message in an error buffer (bounded by its capacity even if a plugin forgot the NUL).
func errorMessage(_ err: inout dashost_error) -> String {
    withUnsafeBytes(of: &err.message) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
