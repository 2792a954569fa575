/// How an isolated plugin call failed outside the plugin's own error reporting.
enum IsolationError: Error, CustomStringConvertible {
    /// The host could not set up or reach the child (memfd, spawn, socket).
    case setup(String)
    /// The other side sent something the protocol does not allow.
    case protocolViolation(String)

    var description: String {
        switch self {
        case let .setup(m): return "process isolation: \(m)"
        case let .protocolViolation(m): return "process isolation: protocol violation: \(m)"
        }
    }
}
