import Foundation

/// Plugin servers started when a run starts, one per isolated plugin node: each child starts and
/// loads its plugin while the nodes before it run (the reply to its open request is read by its
/// first call), instead of adding its start-up to the node's time. A node takes its server once; a
/// node that needs more instances (cross-fitting) or finds none starts its own. A start that
/// failed is reported by the node that takes it; servers nobody took return to the pool.
final class ServerPrewarm: @unchecked Sendable {
    private let lock = NSLock()
    private var servers: [String: Result<PluginServerConnection, Error>] = [:]

    /// Starts a server for every isolated plugin node of `pipeline`.
    init(_ pipeline: ValidatedPipeline) {
        for id in pipeline.order {
            let node = pipeline.nodes[id]!
            guard node.isolation.level != .none, let plugin = node.plugin else { continue }
            let seed = NodeContext.seed(pipelineSeed: pipeline.spec.seed, nodeId: id)
            servers[id] = Result {
                try ServerPool.shared.checkout(plugin, params: node.params, seed: seed, node: id, settings: node.isolation)
            }
        }
    }

    /// Node `id`'s server, once (nil when none was started or it was taken); a failed start is thrown.
    func take(_ id: String) throws -> PluginServerConnection? {
        lock.lock()
        let result = servers.removeValue(forKey: id)
        lock.unlock()
        return try result?.get()
    }

    /// Servers no node took (their nodes were not run) go back to the pool.
    deinit {
        for case let .success(server) in servers.values { ServerPool.shared.checkin(server) }
    }
}
