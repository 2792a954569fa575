/// How close to the normal data a policy's synthetic anomalies are (the paper's hardness levels,
/// Appendix 6.16: "high" = close to the normal manifold and hard to detect, "low" = further away and
/// easier).
///
/// Every detector-aware policy reads the level through two numbers, so the levels mean the same thing
/// across policies:
/// - `moveScale` multiplies the policy's move sizes (extrapolation factors, step lengths, the share of
///   features recombined, ...): 0.5 for high, 1 for medium, 2 for low.
/// - `acceptQuantile` is the quantile of the detector's training scores a candidate may score at most
///   to count as "still normal-looking": 0.95 for high, 0.99 for medium, 1.0 (the most anomalous
///   training row) for low.
public enum Hardness: String, CaseIterable {
    /// Anomalies further from the normal data, easier to detect.
    case low
    /// Moderately separated from the normal data (the default).
    case medium
    /// Close to the normal data and the detector's boundary, hard to detect.
    case high

    /// The level a policy uses unless told otherwise.
    public static let defaultLevel = Hardness.medium

    /// `moveScale` of each level, as param docs write it: "2x at low, 1x at medium, 0.5x at high".
    public static var moveScaleText: String {
        allCases.map { "\($0.moveScale.text)x at \($0.rawValue)" }.joined(separator: ", ")
    }

    /// The parameter strings accepted for a hardness level, in the order low, medium, high.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Multiplier on the policy's move sizes.
    public var moveScale: Double {
        switch self {
        case .low: return 2
        case .medium: return 1
        case .high: return 0.5
        }
    }

    /// Quantile of training scores below which a candidate is kept by the normal-looking filter.
    public var acceptQuantile: Double {
        switch self {
        case .low: return 1
        case .medium: return 0.99
        case .high: return 0.95
        }
    }
}
