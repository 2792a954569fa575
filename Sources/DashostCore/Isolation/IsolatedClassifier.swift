/// An enhancement-classifier plugin instance in a child process; its probabilities are checked
/// again here.
final class IsolatedClassifier: Classifier, @unchecked Sendable {
    let name: String
    private let lease: ServerLease
    private var server: PluginServerConnection { lease.server }

    /// An instance of `plugin` in a new child process.
    convenience init(_ plugin: Plugin, params: String, seed: UInt64, node: String, settings: IsolationSettings) throws {
        try plugin.require(.classifier)
        try self.init(server: ServerPool.shared.checkout(plugin, params: params, seed: seed, node: node, settings: settings))
    }

    /// The instance an already started server holds (see `ServerPrewarm`).
    init(server: PluginServerConnection) throws {
        name = server.plugin
        lease = ServerLease(server)
    }

    func fit(_ X: DataMatrix, labels y: [Double]) throws {
        try server.run("fit", operation: "fit", build: { ["x": $0.matrix(X), "y": $0.vector(y)] }, read: { _, _ in })
    }

    func predictProbability(_ X: DataMatrix) throws -> [Double] {
        var outAt = 0
        let p = try server.run("predict_proba", operation: "predict_proba", build: { call -> [String: Any] in
            let out = call.output(X.rows)
            outAt = out.at
            return ["x": call.matrix(X), "out": out.ref]
        }, read: { _, arena in try PluginServerConnection.values(arena, at: outAt, count: X.rows) })
        try p.withUnsafeBufferPointer { try requireProbabilities($0.baseAddress!, count: X.rows, plugin: name, operation: "predict_proba") }
        return p
    }

    func heldOutProbability(rows: Int) throws -> [Double]? {
        var outAt = 0
        let p = try server.run("heldout_proba", operation: "heldout_proba", build: { call -> [String: Any] in
            let out = call.output(rows)
            outAt = out.at
            return ["out": out.ref]
        }, read: { reply, arena -> [Double]? in
            reply["offered"] as? Bool == true ? try PluginServerConnection.values(arena, at: outAt, count: rows) : nil
        })
        if let p { try p.withUnsafeBufferPointer { try requireProbabilities($0.baseAddress!, count: rows, plugin: name, operation: "heldout_proba") } }
        return p
    }
}
