/// The hardness level the code prompt asks for (App. 6.16). The host's policy interface has no
/// hardness argument, so the level is fixed when the prompt is built: one policy per level.
public enum PolicyHardness: String, CaseIterable, Sendable, Codable {
    /// Anomalies further away from the normal data, easier to detect.
    case low
    /// Anomalies moderately separated from the normal data.
    case medium
    /// Anomalies close to the normal-data manifold, hard to detect (the method's default).
    case high
}
