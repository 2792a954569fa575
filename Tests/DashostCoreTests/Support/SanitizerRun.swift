import Foundation
import XCTest

/// The sanitizer this run of the suite is under (`DASHOST_SANITIZER`, set by scripts/test-sanitizers),
/// and the few tests that cannot run under one, each with the reason (docs/robustness.md, "Sanitizers").
enum SanitizerRun {
    /// `address`, `thread`, or nil for a normal run.
    static var sanitizer: String? { ProcessInfo.processInfo.environment["DASHOST_SANITIZER"] }

    /// Why a sandboxed plugin server cannot run sanitized.
    static let sandbox = "the sandbox cannot host a sanitizer runtime: ASan's shadow memory exceeds the sandbox's address-space limit and writing its report file is a write outside the scratch folder; TSan's background thread is a second thread before the sandbox is entered"
    /// Why the address-space limit cannot be tested sanitized.
    static let addressSpaceLimit = "ASan and TSan reserve terabytes of shadow address space at start, so any RLIMIT_AS small enough to test stops the sanitizer runtime itself"

    /// Skips the test when the suite runs under any sanitizer.
    static func skipIfSanitized(_ reason: String) throws {
        if let sanitizer { throw XCTSkip("not under the \(sanitizer) sanitizer: \(reason)") }
    }
}
