import Dispatch
import Foundation

/// A one-shot completion whose waits are calls a signal can interrupt on any build.
///
/// SIGINT, SIGTERM and SIGHUP stop the plugin servers (the handler of `TemporaryFiles`). libdispatch's
/// worker threads block those signals, so the kernel delivers them to the main thread, which spends a
/// run waiting for its nodes (or for a child). `DispatchGroup.wait` and `DispatchSemaphore.wait` park it
/// in a raw `futex` system call inside libdispatch. A normal build runs the handler there as anywhere;
/// under ThreadSanitizer, which runs an asynchronous signal's handler only in a call it knows to block
/// (or on the way out of one it intercepts), the handler never ran: `dashost run --isolate` with a hung
/// plugin ignored SIGTERM for good, its servers were never killed, and the whole-suite TSan run hung in
/// InterruptTests (docs/robustness.md, "Sanitizers"). A condition variable's wait is such a blocking
/// call, so the handler runs at once, as without the sanitizer.
final class InterruptibleCompletion: @unchecked Sendable {
    private let condition = NSCondition()
    private var done = false

    init() {}

    /// A completion signalled when every block entered in `group` so far has left it.
    convenience init(notifiedBy group: DispatchGroup) {
        self.init()
        group.notify(queue: .global()) { [self] in signal() }
    }

    func signal() {
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until signalled.
    func wait() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }

    /// Waits until signalled or `seconds` have passed; true when signalled.
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !done {
            if !condition.wait(until: deadline) { return done }
        }
        return true
    }
}
