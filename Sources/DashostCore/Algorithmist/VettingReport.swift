import Foundation

/// What `PolicyVetter.vet` found about one candidate policy for one detector: every check in the
/// order run, and the measurements (training data only, so they can rank candidates without test
/// labels). The measurements are means over the vetting data sets of each data set's value; they
/// are nil when the policy produced no rows to measure (a fatal check failed).
public struct VettingReport: Codable, Sendable {
    /// The policy and detector vetted (registered names).
    public let policy: String, detector: String
    /// Whether every check passed.
    public let passed: Bool
    /// The checks in the order run; after a fatal failure (`runs`, `shape_and_finite`) the rest are
    /// not run, since there are no rows to judge.
    public let checks: [VettingCheck]
    /// Median percentile, among the detector's training scores, of the policy's own rows (0..1,
    /// lower = better hidden from the detector).
    public let policyPercentileMedian: Double?
    /// The same for uniform random rows in the widened training box (the `uniform_policy` baseline),
    /// as many as the policy's own rows, on the same data.
    public let uniformPercentileMedian: Double?
    /// Out-of-bag AUC of a random forest separating the policy's own rows from the training rows
    /// (learnability: 0.5 = indistinguishable, 1 = trivially separable).
    public let oobAUC: Double?
    /// Median nearest-training-row distance ratio of the policy's own rows (closeness: about 1 = as
    /// close to the data as the data is to itself).
    public let distanceRatioMedian: Double?
    /// `CandidateRanking.score` of the measurements, higher better; nil when not passed.
    public let rankScore: Double?
    /// The measurements of each vetting data set the policy completed, in order (the values above
    /// are their means).
    public let datasets: [VettingDatasetMeasures]

    public init(policy: String, detector: String, passed: Bool, checks: [VettingCheck],
                policyPercentileMedian: Double? = nil, uniformPercentileMedian: Double? = nil, oobAUC: Double? = nil,
                distanceRatioMedian: Double? = nil, rankScore: Double? = nil, datasets: [VettingDatasetMeasures] = []) {
        self.policy = policy
        self.detector = detector
        self.passed = passed
        self.checks = checks
        self.policyPercentileMedian = policyPercentileMedian
        self.uniformPercentileMedian = uniformPercentileMedian
        self.oobAUC = oobAUC
        self.distanceRatioMedian = distanceRatioMedian
        self.rankScore = rankScore
        self.datasets = datasets
    }

    /// One line per failed check, "vetting check 'NAME' failed: MESSAGE" (empty when passed): fed to the LLM in
    /// repair rounds and shown to the user.
    public var failureMessage: String {
        checks.filter { !$0.passed }.map { "vetting check '\($0.name)' failed: \($0.message)" }.joined(separator: "\n")
    }

    /// The report as pretty-printed JSON with sorted keys (`vetting.json` in a policy's provenance).
    public func jsonData() throws -> Data { Data(try PolicyStore.jsonText(encoding: self).utf8) }
}
