import CDashostPlugin

/// One plugin of a library: a Swift type conforming to one of the plugin protocols, with what its
/// descriptor says about it. Listed in a `PluginLibraryExport`.
///
/// Making one records the type's parameter schema: its `init(params:seed:)` runs once, with every
/// parameter at its default and seed 0 (see `PluginParams`).
public struct ExportedPlugin {
    /// The Swift type and the protocol it is exported through.
    enum Implementation {
        case detector(DetectorPlugin.Type)
        case policy(PolicyPlugin.Type)
        case classifier(ClassifierPlugin.Type)
        case fusion(FusionPlugin.Type)
    }

    let implementation: Implementation
    /// The unique name, `[a-z0-9_.-]+`, e.g. "iforest".
    public let name: String
    /// The plugin's own version, e.g. "2.0.0".
    public let version: String
    /// One line for `dashost plugins`.
    public let summary: String
    /// What the algorithm does, in plain prose (the text the LLM step reads for a detector).
    public let description: String
    /// A detector's default policy (a plugin name); `nil` for other kinds.
    public let defaultPolicy: String?
    /// The parameter schema, in the order `init` reads the parameters.
    public let params: [ParamSpec]
    /// Why the schema could not be recorded (`init` threw with the defaults), or `nil`. Such a plugin
    /// still appears in the descriptor, and its `create` fails with this message.
    public let schemaError: String?

    private init(_ implementation: Implementation, name: String, version: String, summary: String,
                 description: String, defaultPolicy: String?, record: (PluginParams) throws -> Void) {
        self.implementation = implementation
        self.name = name
        self.version = version
        self.summary = summary
        self.description = description
        self.defaultPolicy = defaultPolicy
        let recorder = SchemaRecorder()
        do {
            try record(PluginParams(source: .recording(recorder)))
            schemaError = nil
        } catch {
            schemaError = "\(error)"
        }
        params = recorder.specs
    }

    /// The `DASHOST_KIND_*` value.
    public var kind: UInt32 {
        switch implementation {
        case .detector: return UInt32(DASHOST_KIND_DETECTOR)
        case .policy: return UInt32(DASHOST_KIND_POLICY)
        case .classifier: return UInt32(DASHOST_KIND_CLASSIFIER)
        case .fusion: return UInt32(DASHOST_KIND_FUSION)
        }
    }

    /// A detector implemented by `type`; `defaultPolicy` names the policy paired with it by default.
    ///
    /// A type conforming to `TrainingScoresDetectorPlugin` also offers `DASHOST_EXT_TRAINING_SCORES`.
    public static func detector(_ type: DetectorPlugin.Type, name: String, version: String, summary: String,
                                description: String, defaultPolicy: String?) -> ExportedPlugin {
        ExportedPlugin(.detector(type), name: name, version: version, summary: summary, description: description,
                       defaultPolicy: defaultPolicy) { _ = try type.init(params: $0, seed: 0) }
    }

    /// A synthesis policy implemented by `type`.
    public static func policy(_ type: PolicyPlugin.Type, name: String, version: String, summary: String,
                              description: String) -> ExportedPlugin {
        ExportedPlugin(.policy(type), name: name, version: version, summary: summary, description: description,
                       defaultPolicy: nil) { _ = try type.init(params: $0, seed: 0) }
    }

    /// An enhancement classifier implemented by `type`.
    ///
    /// A type conforming to `HeldOutClassifierPlugin` also offers `DASHOST_EXT_HELDOUT`.
    public static func classifier(_ type: ClassifierPlugin.Type, name: String, version: String, summary: String,
                                  description: String) -> ExportedPlugin {
        ExportedPlugin(.classifier(type), name: name, version: version, summary: summary, description: description,
                       defaultPolicy: nil) { _ = try type.init(params: $0, seed: 0) }
    }

    /// A fusion rule implemented by `type`.
    public static func fusion(_ type: FusionPlugin.Type, name: String, version: String, summary: String,
                              description: String) -> ExportedPlugin {
        ExportedPlugin(.fusion(type), name: name, version: version, summary: summary, description: description,
                       defaultPolicy: nil) { _ = try type.init(params: $0, seed: 0) }
    }

    /// The ids of the extensions this plugin offers (`DASHOST_EXT_*`).
    var extensionIDs: [String] {
        switch implementation {
        case .detector(let type): return type is TrainingScoresDetectorPlugin.Type ? [DASHOST_EXT_TRAINING_SCORES] : []
        case .classifier(let type): return type is HeldOutClassifierPlugin.Type ? [DASHOST_EXT_HELDOUT] : []
        case .policy, .fusion: return []
        }
    }

    /// A C descriptor, allocated once and never freed; `api` is the kind's shared function table.
    func leakedDescriptor() -> UnsafePointer<dashost_plugin_descriptor> {
        var d = dashost_plugin_descriptor()
        d.struct_size = UInt32(MemoryLayout<dashost_plugin_descriptor>.size)
        d.kind = kind
        d.name = leakedCString(name)
        d.version = leakedCString(version)
        d.summary = leakedCString(summary)
        d.description = leakedCString(description)
        d.default_policy = defaultPolicy.map(leakedCString)
        d.params = leakedArray(params.map { $0.leakedCValue() })
        d.param_count = UInt32(params.count)
        switch implementation {
        case .detector: d.api = detectorAPI
        case .policy: d.api = policyAPI
        case .classifier: d.api = classifierAPI
        case .fusion: d.api = fusionAPI
        }
        return UnsafePointer(leak(d))
    }
}
