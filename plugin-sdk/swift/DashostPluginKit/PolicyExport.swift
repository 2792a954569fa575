import CDashostPlugin

/// The policy type this library exports (one plugin per library); file-private, see DetectorExport.
private var exportedPolicy: PolicyPlugin.Type?

private typealias PolicyBox = InstanceBox<PolicyPlugin>

extension PluginExport {
    /// The descriptor of a synthesis-policy plugin implemented by `type`.
    public static func policy(_ type: PolicyPlugin.Type, name: String, version: String,
                              summary: String) -> UnsafePointer<dashost_plugin_descriptor> {
        precondition(exportedPolicy == nil || exportedPolicy == type, "a library exports one policy")
        exportedPolicy = type
        var api = dashost_policy_api()
        api.struct_size = UInt32(MemoryLayout<dashost_policy_api>.size)
        api.create = { json, seed, out, err in
            guarded(err) {
                let out = try nonNull(out, "out")
                let plugin = try construct(json) { try exportedPolicy!.init(params: $0, seed: seed) }
                out.pointee = PolicyBox(plugin).retainedPointer()
            }
        }
        api.generate = { instance, X, scorer, n, seed, out, err in
            guarded(err) {
                let box = try PolicyBox.from(instance)
                let train = try MatrixView.checked(X, what: "X_train")
                guard n > 0 else { throw PluginError.invalidArgument("n must be at least 1") }
                let count = Int(n)
                let buffer = UnsafeMutableBufferPointer(start: try nonNull(out, "out"), count: count * train.cols)
                buffer.initialize(repeating: 0)
                try box.plugin.generate(train: train, scorer: Scorer(scorer, cols: train.cols), count: count,
                                        seed: seed, into: buffer)
                try checkFinite(buffer, what: "synthetic value")
            }
        }
        api.destroy = { PolicyBox.release($0) }
        api.get_extension = nil
        return makeDescriptor(kind: DASHOST_KIND_POLICY, api: leak(api), name: name, version: version,
                              summary: summary, defaultParams: defaults { try type.init(params: $0, seed: 0) })
    }
}
