import CDashostPlugin

// The C functions of every fusion rule of the library: one `dashost_fusion_api` shared by all of
// them, dispatching on the descriptor `create` receives.

private typealias FusionBox = InstanceBox<FusionPlugin>

/// The fusion rules' function table.
let fusionAPI: UnsafeRawPointer = {
    var api = dashost_fusion_api()
    api.struct_size = UInt32(MemoryLayout<dashost_fusion_api>.size)
    api.create = { descriptor, host, seed, out, err in
        guarded(err) {
            let out = try nonNull(out, "out")
            let host = try nonNull(host, "host")
            guard case .fusion(let type) = try PluginTable.pluginForCreate(descriptor).implementation else {
                throw PluginError.invalidArgument("create: the descriptor is not a fusion rule's")
            }
            out.pointee = FusionBox(try type.init(params: PluginParams(host: host), seed: seed)).retainedPointer()
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
            try box.plugin.fuse(views, into: UnsafeMutableBufferPointer(start: try nonNull(out, "out"), count: Int(n)))
        }
    }
    api.destroy = { FusionBox.release($0) }
    api.get_extension = nil
    return UnsafeRawPointer(leak(api))
}()
