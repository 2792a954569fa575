import Dispatch
import Foundation

/// Wall-clock seconds of named stages inside nodes ("detector.fit", "policy.generate", ...), shared by
/// the nodes of one run (thread-safe).
public final class StageClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [String: Double] = [:]

    /// An empty clock.
    public init() {}

    /// Runs `body` and adds its duration to `stage`.
    func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.lock()
            seconds[stage, default: 0] += elapsed
            lock.unlock()
        }
        return try body()
    }

    /// Every stage's total so far.
    public var totals: [String: Double] {
        lock.lock(); defer { lock.unlock() }
        return seconds
    }
}
