import CDashostPlugin

/// The four kinds of plugin the ABI defines.
public enum PluginKind: String, CaseIterable, Sendable {
    case detector, policy, classifier, fusion

    /// The kind a C descriptor declares (`DASHOST_KIND_*`), or `nil` for a value this host does not know.
    init?(code: UInt32) {
        switch Int32(bitPattern: code) {
        case DASHOST_KIND_DETECTOR: self = .detector
        case DASHOST_KIND_POLICY: self = .policy
        case DASHOST_KIND_CLASSIFIER: self = .classifier
        case DASHOST_KIND_FUSION: self = .fusion
        default: return nil
        }
    }

    /// The `DASHOST_KIND_*` code.
    var code: UInt32 {
        switch self {
        case .detector: return UInt32(bitPattern: DASHOST_KIND_DETECTOR)
        case .policy: return UInt32(bitPattern: DASHOST_KIND_POLICY)
        case .classifier: return UInt32(bitPattern: DASHOST_KIND_CLASSIFIER)
        case .fusion: return UInt32(bitPattern: DASHOST_KIND_FUSION)
        }
    }

    /// The smallest function table of this kind a 2.0 plugin may declare: every function up to,
    /// not including, the optional `get_extension`.
    var minimumTableSize: Int {
        switch self {
        case .detector: return MemoryLayout<dashost_detector_api>.offset(of: \.get_extension)!
        case .policy: return MemoryLayout<dashost_policy_api>.offset(of: \.get_extension)!
        case .classifier: return MemoryLayout<dashost_classifier_api>.offset(of: \.get_extension)!
        case .fusion: return MemoryLayout<dashost_fusion_api>.offset(of: \.get_extension)!
        }
    }
}
