import CDashostPlugin

/// The four kinds of plugin the ABI defines.
public enum PluginKind: String, CaseIterable, Sendable {
    case detector, policy, classifier, fusion

    /// The kind a C descriptor declares, or `nil` for a value this host does not know.
    init?(_ c: dashost_kind) {
        switch c {
        case DASHOST_KIND_DETECTOR: self = .detector
        case DASHOST_KIND_POLICY: self = .policy
        case DASHOST_KIND_CLASSIFIER: self = .classifier
        case DASHOST_KIND_FUSION: self = .fusion
        default: return nil
        }
    }

    /// Size of the function table of this kind in ABI 1.0: a plugin must provide at least this much.
    var minimumTableSize: Int {
        switch self {
        case .detector: return MemoryLayout<dashost_detector_api>.offset(of: \.get_extension)!
        case .policy: return MemoryLayout<dashost_policy_api>.offset(of: \.get_extension)!
        case .classifier: return MemoryLayout<dashost_classifier_api>.offset(of: \.get_extension)!
        case .fusion: return MemoryLayout<dashost_fusion_api>.offset(of: \.get_extension)!
        }
    }
}
