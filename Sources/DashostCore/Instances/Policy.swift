/// A live synthesis policy, in the host (`PolicyInstance`) or in a child process (`IsolatedPolicy`).
public protocol Policy: AnyObject, Sendable {
    /// The plugin's name, for messages.
    var name: String { get }
    /// `count` synthetic anomalies for `detector`, fitted on `train`; every value checked finite.
    func generate(train: DataMatrix, detector: any Detector, count: Int, seed: UInt64) throws -> DataMatrix
}
