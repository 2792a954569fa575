import CDashostPlugin

/// An error a plugin reports to the host: an ABI status code (one of the header's `DASHOST_ERR_*`)
/// and a human-readable message.
///
/// Throw it from any plugin method; the export thunks turn it into the `dashost_status` return value
/// and copy the message into the host's `dashost_error` buffer.
public struct PluginError: Error, CustomStringConvertible {
    /// The status code returned through the C ABI.
    public let status: dashost_status
    /// The message the host prints.
    public let message: String

    /// Creates an error with an explicit status.
    public init(_ status: dashost_status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// `DASHOST_ERR_BAD_PARAMS`: a parameter is malformed, unknown or out of range.
    public static func badParams(_ message: String) -> PluginError { PluginError(DASHOST_ERR_BAD_PARAMS, message) }
    /// `DASHOST_ERR_INVALID_ARGUMENT`: an argument is null, empty or otherwise unusable.
    public static func invalidArgument(_ message: String) -> PluginError { PluginError(DASHOST_ERR_INVALID_ARGUMENT, message) }
    /// `DASHOST_ERR_SHAPE`: a matrix or vector has the wrong shape or labels.
    public static func shape(_ message: String) -> PluginError { PluginError(DASHOST_ERR_SHAPE, message) }
    /// `DASHOST_ERR_NOT_FITTED`: a prediction was asked of an unfitted instance.
    public static func notFitted(_ message: String) -> PluginError { PluginError(DASHOST_ERR_NOT_FITTED, message) }
    /// `DASHOST_ERR_NON_FINITE`: the input contains NaN or infinity.
    public static func nonFinite(_ message: String) -> PluginError { PluginError(DASHOST_ERR_NON_FINITE, message) }
    /// `DASHOST_ERR_INTERNAL`: a failure inside the plugin or a library it uses.
    public static func internalError(_ message: String) -> PluginError { PluginError(DASHOST_ERR_INTERNAL, message) }
    /// `DASHOST_ERR_CALLBACK`: a host callback failed.
    public static func callback(_ message: String) -> PluginError { PluginError(DASHOST_ERR_CALLBACK, message) }
    /// `DASHOST_ERR_UNSUPPORTED`: the operation is not available (in this plugin, or from this host).
    public static func unsupported(_ message: String) -> PluginError { PluginError(DASHOST_ERR_UNSUPPORTED, message) }
    /// `DASHOST_ERR_CANCELLED`: the plugin stopped because the host said the user asked to stop.
    public static func cancelled(_ message: String) -> PluginError { PluginError(DASHOST_ERR_CANCELLED, message) }

    /// The message, as the host prints it.
    public var description: String { message }
}

/// Writes `message` into a host-owned error buffer, truncating to its capacity (always NUL-terminated).
func writeError(_ message: String, to err: UnsafeMutablePointer<dashost_error>?) {
    guard let err else { return }
    withUnsafeMutableBytes(of: &err.pointee.message) { raw in
        let capacity = raw.count - 1
        var bytes = Array(message.utf8.prefix(capacity))
        // Do not cut a UTF-8 sequence in half.
        while let last = bytes.last, bytes.count == capacity, last & 0xC0 == 0x80 { bytes.removeLast() }
        if let last = bytes.last, bytes.count == capacity, last & 0xC0 == 0xC0 { bytes.removeLast() }
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
}

/// Runs `body`, mapping a thrown error to a status and message; `DASHOST_OK` when nothing was thrown.
func guarded(_ err: UnsafeMutablePointer<dashost_error>?, _ body: () throws -> Void) -> dashost_status {
    do {
        try body()
        return DASHOST_OK
    } catch let error as PluginError {
        writeError(error.message, to: err)
        return error.status
    } catch {
        writeError("\(error)", to: err)
        return DASHOST_ERR_INTERNAL
    }
}
