/// One named score column handed to a fusion rule.
public struct ScoreColumn {
    /// The column's name in the pipeline (e.g. "detector", "classifier").
    public let name: String
    /// The scores to fuse, one per row.
    public let scores: UnsafeBufferPointer<Double>
    /// The same scorer's scores on the training rows, the normalisation reference.
    public let reference: UnsafeBufferPointer<Double>

    /// Creates a column from borrowed buffers.
    public init(name: String, scores: UnsafeBufferPointer<Double>, reference: UnsafeBufferPointer<Double>) {
        self.name = name
        self.scores = scores
        self.reference = reference
    }
}
