/// What `PolicyVetter` measured on one vetting data set, for provenance (`vetting.json`) and for
/// seeing where a candidate is weak. A value is nil when it could not be measured.
public struct VettingDatasetMeasures: Codable, Sendable, Equatable {
    /// The data set (`VettingDataset.name`) and its shape.
    public let dataset: String, rows: Int, cols: Int
    /// Rows asked of the policy, and how many of them are its own (the rest its background share).
    public let count: Int, ownRows: Int
    /// Score callbacks the host served during the policy's first call, and the rows they scored.
    public let callbacks: Int, callbackRows: Int
    /// Rows that are bit-for-bit copies of a training row.
    public let copies: Int
    /// Median training-score percentile of the policy's own rows, and of as many uniform rows.
    public let policyPercentileMedian: Double?, uniformPercentileMedian: Double?
    /// Out-of-bag AUC of the forest, policy's own rows against the training rows.
    public let oobAUC: Double?
    /// Median nearest-training-row distance ratio of the policy's own rows.
    public let distanceRatioMedian: Double?

    public init(dataset: String, rows: Int, cols: Int, count: Int, ownRows: Int, callbacks: Int, callbackRows: Int, copies: Int,
                policyPercentileMedian: Double?, uniformPercentileMedian: Double?, oobAUC: Double?, distanceRatioMedian: Double?) {
        self.dataset = dataset
        self.rows = rows
        self.cols = cols
        self.count = count
        self.ownRows = ownRows
        self.callbacks = callbacks
        self.callbackRows = callbackRows
        self.copies = copies
        self.policyPercentileMedian = policyPercentileMedian
        self.uniformPercentileMedian = uniformPercentileMedian
        self.oobAUC = oobAUC
        self.distanceRatioMedian = distanceRatioMedian
    }
}
