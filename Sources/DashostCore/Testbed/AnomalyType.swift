/// The four anomaly types of ADBench's synthetic testbeds (LLM-DAS, Appendix 6.15). See `AnomalyTestbed`.
public enum AnomalyType: String, CaseIterable, Sendable {
    /// A Gaussian mixture of the normal rows with every covariance times 5.
    case local
    /// Uniform in a box a little wider than the synthetic normals' range.
    case global
    /// The mixture with every mean times 5.
    case clustered
    /// Normals from a Gaussian copula, anomalies from the independent marginals.
    case dependency
}
