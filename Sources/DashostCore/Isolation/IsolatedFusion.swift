/// A fusion-rule plugin instance in a child process; the fused scores are checked again here.
final class IsolatedFusion: Fusion, @unchecked Sendable {
    let name: String
    private let lease: ServerLease
    private var server: PluginServerConnection { lease.server }

    /// An instance of `plugin` in a new child process.
    convenience init(_ plugin: Plugin, params: String, seed: UInt64, node: String, settings: IsolationSettings) throws {
        try plugin.require(.fusion)
        try self.init(server: ServerPool.shared.checkout(plugin, params: params, seed: seed, node: node, settings: settings))
    }

    /// The instance an already started server holds (see `ServerPrewarm`).
    init(server: PluginServerConnection) throws {
        name = server.plugin
        lease = ServerLease(server)
    }

    func fuse(count: Int, column: (Int) -> (name: String, scores: [Double], reference: [Double])) throws -> [Double] {
        try fuse((0..<count).map(column))
    }

    func fuse(_ columns: [(name: String, scores: [Double], reference: [Double])]) throws -> [Double] {
        let n = columns.first?.scores.count ?? 0
        var outAt = 0
        let fused = try server.run("fuse", operation: "fuse", build: { call -> [String: Any] in
            let placed: [[String: Any]] = columns.map { ["name": $0.name, "scores": call.vector($0.scores), "reference": call.vector($0.reference)] }
            let out = call.output(n)
            outAt = out.at
            return ["columns": placed, "out": out.ref]
        }, read: { _, arena in try PluginServerConnection.values(arena, at: outAt, count: n) })
        try fused.withUnsafeBufferPointer {
            if n > 0 { try requireFinite($0.baseAddress!, count: n, plugin: name, operation: "fuse") { "the fused score of row \($0) of \(n)" } }
        }
        return fused
    }
}
