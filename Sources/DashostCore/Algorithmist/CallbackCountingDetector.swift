import CDashostPlugin
import Foundation

/// A fitted detector that counts the policy's score callbacks before forwarding them, so the
/// vetter knows host-side (not from anything the policy reports) whether a policy used the detector.
/// Every call of a sandboxed policy's callback arrives here through `IsolatedPolicy`.
final class CallbackCountingDetector: Detector, @unchecked Sendable {
    private let inner: any Detector
    private let lock = NSLock()
    private var calls = 0, rows = 0

    init(_ inner: any Detector) { self.inner = inner }

    var name: String { inner.name }

    /// Callbacks served, and the rows they scored, since the last `reset`.
    var counts: (calls: Int, rows: Int) { lock.withLock { (calls, rows) } }

    func reset() { lock.withLock { calls = 0; rows = 0 } }

    func fit(_ X: DataMatrix) throws { try inner.fit(X) }
    func score(_ X: DataMatrix) throws -> [Double] { try inner.score(X) }
    func trainingScores(rows: Int) throws -> [Double]? { try inner.trainingScores(rows: rows) }
    func remember(scores: [Double], of rows: DataMatrix) { inner.remember(scores: scores, of: rows) }

    func scoreForCallback(_ X: dashost_matrix, _ out: UnsafeMutablePointer<Double>?,
                          _ err: UnsafeMutablePointer<dashost_error>?) -> dashost_status {
        lock.withLock { calls += 1; rows += Int(X.rows) }
        return inner.scoreForCallback(X, out, err)
    }
}
