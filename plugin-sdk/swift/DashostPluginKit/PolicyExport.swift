import CDashostPlugin

// The C functions of every synthesis policy of the library: one `dashost_policy_api` shared by all
// of them, dispatching on the descriptor `create` receives.

private typealias PolicyBox = InstanceBox<PolicyPlugin>

/// The policies' function table.
let policyAPI: UnsafeRawPointer = {
    var api = dashost_policy_api()
    api.struct_size = UInt32(MemoryLayout<dashost_policy_api>.size)
    api.create = { descriptor, host, seed, out, err in
        guarded(err) {
            let out = try nonNull(out, "out")
            let host = try nonNull(host, "host")
            guard case .policy(let type) = try PluginTable.pluginForCreate(descriptor).implementation else {
                throw PluginError.invalidArgument("create: the descriptor is not a policy's")
            }
            out.pointee = PolicyBox(try type.init(params: PluginParams(host: host), seed: seed)).retainedPointer()
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
        }
    }
    api.destroy = { PolicyBox.release($0) }
    api.get_extension = nil
    return UnsafeRawPointer(leak(api))
}()
