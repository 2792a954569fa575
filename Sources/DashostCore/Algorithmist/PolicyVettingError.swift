/// A problem on the host's side of a vetting run (an unknown name, a detector that fails on the
/// vetting data, no sandbox on this kernel): not the candidate policy's fault, so it is thrown
/// rather than reported as a failed check.
public struct PolicyVettingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
