/// The LLM-DAS paper's split: the training set is the first half (`floor(inliers / 2)`) of the inliers in
/// file order; the test set is the remaining inliers plus every outlier, in file order. Training is
/// therefore anomaly-free (the semi-supervised setting), and the split needs no random seed.
public struct PaperSplit: Equatable, Sendable {
    /// Row indices of the training set, ascending (all inliers).
    public let trainIndices: [Int]
    /// Row indices of the test set, ascending.
    public let testIndices: [Int]

    /// Splits rows by their 0/1 `labels`. Throws when there is no inlier to train on.
    /// `dataset` names the data in the error.
    public init(labels: [Double], dataset: String = "data") throws {
        let inliers = labels.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        let trainCount = inliers / 2
        guard trainCount > 0 else {
            throw DataError.cannotSplit(dataset: dataset,
                                        detail: "\(inliers) inlier(s) among \(labels.count) rows; need at least 2 to train on half")
        }
        var train: [Int] = [], test: [Int] = []
        train.reserveCapacity(trainCount)
        test.reserveCapacity(labels.count - trainCount)
        for (index, label) in labels.enumerated() {
            if label == 0 && train.count < trainCount {
                train.append(index)
            } else {
                test.append(index)
            }
        }
        trainIndices = train
        testIndices = test
    }

    /// Splits `dataset`, which must have labels.
    public init(dataset: Dataset) throws {
        guard let labels = dataset.labels else {
            throw DataError.cannotSplit(dataset: dataset.name, detail: "the data set has no labels")
        }
        try self.init(labels: labels, dataset: dataset.name)
    }

    /// The training rows of `dataset` (with their labels, all 0).
    public func train(_ dataset: Dataset) -> Dataset { dataset.selecting(rows: trainIndices) }

    /// The test rows of `dataset` with their labels.
    public func test(_ dataset: Dataset) -> Dataset { dataset.selecting(rows: testIndices) }
}
