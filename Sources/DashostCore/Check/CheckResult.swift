import CDashostPlugin

/// The outcome of one conformance check.
public struct CheckResult: Sendable, Equatable, Codable {
    /// Pass, fail, or not run because a check it needs failed.
    public enum Outcome: String, Sendable, Codable {
        case pass = "PASS", fail = "FAIL", skip = "SKIP"
    }

    /// The check's stable id, e.g. "score-finite".
    public let id: String
    /// What was checked, e.g. "score before fit is an error".
    public let name: String
    /// The outcome.
    public let outcome: Outcome
    /// Why it failed or was skipped, or what it reported when it passed (e.g. the error message it gave).
    public let detail: String

    /// Whether the plugin met the contract.
    public var passed: Bool { outcome == .pass }
}

/// One conformance check: a stable id (the child process is told which to run), what it checks,
/// the checks that must pass for its result to mean anything, and the body (throws to fail).
struct ConformanceCheck {
    let id: String
    let name: String
    let needs: [String]
    let body: () throws -> String

    /// Runs the body; a `CheckFailure` or any other error is a FAIL with its reason.
    func run() -> CheckResult {
        do {
            return CheckResult(id: id, name: name, outcome: .pass, detail: try body())
        } catch let failure as CheckFailure {
            return CheckResult(id: id, name: name, outcome: .fail, detail: failure.reason)
        } catch let broken as PluginOutputError {
            return CheckResult(id: id, name: name, outcome: .fail, detail: broken.detail)
        } catch {
            return CheckResult(id: id, name: name, outcome: .fail, detail: "unexpected error: \(error)")
        }
    }
}

/// Collects a kind's checks in order.
struct CheckList {
    private(set) var checks: [ConformanceCheck] = []

    mutating func check(_ id: String, _ name: String, needs: [String] = [], _ body: @escaping () throws -> String) {
        precondition(!checks.contains { $0.id == id }, "check id '\(id)' used twice")
        checks.append(ConformanceCheck(id: id, name: name, needs: needs, body: body))
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
func expectPluginError(_ statuses: [dashost_status] = [], _ body: () throws -> Void) throws -> String {
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
