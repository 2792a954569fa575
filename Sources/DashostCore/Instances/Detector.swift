import CDashostPlugin

/// A live detector, in the host (`DetectorInstance`) or in a child process (`IsolatedDetector`).
public protocol Detector: AnyObject, Sendable {
    /// The plugin's name, for messages.
    var name: String { get }
    /// Fits on the rows of `X`.
    func fit(_ X: DataMatrix) throws
    /// Scores the rows of `X` (higher = more anomalous); every score checked finite.
    func score(_ X: DataMatrix) throws -> [Double]
    /// Leave-self-out scores of the `rows` training rows, or nil when the plugin offers none.
    func trainingScores(rows: Int) throws -> [Double]?
    /// Keeps `scores` of `rows` so that a policy scoring the same rows again is answered from memory.
    func remember(scores: [Double], of rows: DataMatrix)
    /// Serves one call of a policy's score callback (the ABI's C shape): remembered rows from memory,
    /// others by the plugin; a failure is a status with its message in `err`.
    func scoreForCallback(_ X: dashost_matrix, _ out: UnsafeMutablePointer<Double>?,
                          _ err: UnsafeMutablePointer<dashost_error>?) -> dashost_status
}
