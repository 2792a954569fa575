import CDashostPlugin

/// The fusion type this library exports (one plugin per library); file-private, see DetectorExport.
private var exportedFusion: FusionPlugin.Type?

private typealias FusionBox = InstanceBox<FusionPlugin>

extension PluginExport {
    /// The descriptor of a fusion-rule plugin implemented by `type`.
    public static func fusion(_ type: FusionPlugin.Type, name: String, version: String,
                              summary: String) -> UnsafePointer<dashost_plugin_descriptor> {
        precondition(exportedFusion == nil || exportedFusion == type, "a library exports one fusion rule")
        exportedFusion = type
        var api = dashost_fusion_api()
        api.struct_size = UInt32(MemoryLayout<dashost_fusion_api>.size)
        api.create = { json, seed, out, err in
            guarded(err) {
                let out = try nonNull(out, "out")
                let plugin = try construct(json) { try exportedFusion!.init(params: $0, seed: seed) }
                out.pointee = FusionBox(plugin).retainedPointer()
            }
        }
        api.fuse = { instance, columns, k, n, out, err in
            guarded(err) {
                let box = try FusionBox.from(instance)
                guard k > 0 else { throw PluginError.invalidArgument("no score columns to fuse") }
                guard n > 0 else { throw PluginError.invalidArgument("n must be at least 1") }
                let cols = UnsafeBufferPointer(start: try nonNull(columns, "columns"), count: Int(k))
                let views = try cols.enumerated().map { index, c -> ScoreColumn in
                    let name = c.name.map { String(cString: $0) } ?? "column \(index)"
                    guard c.scores.length == n else {
                        throw PluginError.shape("column '\(name)' has \(c.scores.length) scores, expected \(n)")
                    }
                    guard c.reference.length > 0 else {
                        throw PluginError.invalidArgument("column '\(name)' has an empty reference")
                    }
                    let scores = UnsafeBufferPointer(start: try nonNull(c.scores.data, "\(name).scores"), count: Int(n))
                    let reference = UnsafeBufferPointer(start: try nonNull(c.reference.data, "\(name).reference"),
                                                        count: Int(c.reference.length))
                    if !allFinite(scores, reference) {
                        throw PluginError.nonFinite("column '\(name)' has a non-finite value")
                    }
                    return ScoreColumn(name: name, scores: scores, reference: reference)
                }
                let buffer = UnsafeMutableBufferPointer(start: try nonNull(out, "out"), count: Int(n))
                try box.plugin.fuse(views, into: buffer)
                try checkFinite(buffer, what: "fused score")
            }
        }
        api.destroy = { FusionBox.release($0) }
        api.get_extension = nil
        return makeDescriptor(kind: DASHOST_KIND_FUSION, api: leak(api), name: name, version: version,
                              summary: summary, defaultParams: defaults { try type.init(params: $0, seed: 0) })
    }
}
