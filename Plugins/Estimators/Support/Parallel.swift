import Dispatch
import Foundation

/// Splits index ranges over the machine's cores.
///
/// Work is cut into contiguous chunks whose boundaries depend only on the range and the chunk count,
/// never on scheduling, so anything seeded per chunk or per index stays reproducible.
public enum Parallel {
    /// Number of worker threads to use (the active processor count, at least 1).
    public static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body(range)` for contiguous sub-ranges of `0..<count`, concurrently when the work is
    /// large enough to pay for threads (`count >= minimumPerChunk * 2`).
    public static func forChunks(of count: Int, minimumPerChunk: Int = 64, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(workers * 4, max(1, count / max(1, minimumPerChunk)))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks
            let hi = count * (c + 1) / chunks
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Calls `body(i)` for every `i` in `0..<count`, concurrently; each index is independent work.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        if count == 1 {
            body(0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}
