/// The outcome of one conformance check.
public struct CheckResult: Sendable, Equatable {
    /// What was checked, e.g. "score before fit is an error".
    public let name: String
    /// Whether the plugin met the contract.
    public let passed: Bool
    /// Why it failed, or what it reported when it passed (e.g. the error message it gave).
    public let detail: String
}

/// Collects check results; a check body throws `CheckFailure` (or any error) to fail.
struct CheckRecorder {
    private(set) var results: [CheckResult] = []

    mutating func check(_ name: String, _ body: () throws -> String) {
        do {
            results.append(CheckResult(name: name, passed: true, detail: try body()))
        } catch let failure as CheckFailure {
            results.append(CheckResult(name: name, passed: false, detail: failure.reason))
        } catch {
            results.append(CheckResult(name: name, passed: false, detail: "unexpected error: \(error)"))
        }
    }
}

/// A failed expectation inside a check.
struct CheckFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Fails unless `condition` holds.
func expect(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(reason()) }
}

/// Runs `body`, which must fail with a plugin error carrying a message (and, when given, one of
/// `statuses`); returns the message for the report.
func expectPluginError(_ statuses: [UInt32] = [], _ body: () throws -> Void) throws -> String {
    do {
        try body()
    } catch let error as PluginCallError {
        guard !error.message.isEmpty else { throw CheckFailure("returned \(error.statusName) but wrote no message") }
        if !statuses.isEmpty && !statuses.contains(error.status) {
            let expected = statuses.map { PluginCallError.name(of: $0) }.joined(separator: " or ")
            throw CheckFailure("returned \(error.statusName) (\"\(error.message)\"), expected \(expected)")
        }
        return "\(error.statusName): \(error.message)"
    }
    throw CheckFailure("succeeded, but it must be an error")
}
