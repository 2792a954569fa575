import CDashostPlugin
import Foundation

/// Scores a detector already computed for one matrix (its training rows, the pipeline's
/// reference): a policy's first step is to score the training rows again, and the answer is known.
/// Scores are per row and deterministic (the detector contract `dashost check` tests), so rows
/// equal bit for bit get the remembered scores.
final class RememberedScores: @unchecked Sendable {
    private var kept: (rows: DataMatrix, scores: [Double])?
    private let lock = NSLock()

    /// Keeps `scores` of `rows`.
    func keep(scores: [Double], of rows: DataMatrix) {
        precondition(scores.count == rows.rows, "RememberedScores.keep: \(scores.count) scores for \(rows.rows) rows")
        lock.lock(); defer { lock.unlock() }
        kept = (rows, scores)
    }

    /// Copies the remembered scores into `out` when `X` holds exactly the remembered rows.
    func recall(_ X: dashost_matrix, into out: UnsafeMutablePointer<Double>?) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard let (rows, scores) = kept, let out, let data = X.data,
              X.rows == UInt64(rows.rows), X.cols == UInt64(rows.cols) else { return false }
        let same = rows.values.withUnsafeBytes { memcmp(data, $0.baseAddress!, $0.count) == 0 }
        guard same else { return false }
        scores.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
        return true
    }
}
