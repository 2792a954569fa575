import Foundation
import CDashostPlugin

/// A synthesis-policy plugin instance in a child process. Its score callback crosses back: the
/// child sends the rows to score through the callback arena, the host's detector (in the host or in
/// a child of its own) scores them, the scores go back the same way.
final class IsolatedPolicy: Policy, @unchecked Sendable {
    let name: String
    private let lease: ServerLease
    private var server: PluginServerConnection { lease.server }

    /// An instance of `plugin` in a new child process.
    convenience init(_ plugin: Plugin, params: String, seed: UInt64, node: String, settings: IsolationSettings) throws {
        try plugin.require(.policy)
        try self.init(server: ServerPool.shared.checkout(plugin, params: params, seed: seed, node: node, settings: settings))
    }

    /// The instance an already started server holds (see `ServerPrewarm`).
    init(server: PluginServerConnection) throws {
        name = server.plugin
        lease = ServerLease(server)
    }

    func generate(train: DataMatrix, detector: any Detector, count: Int, seed: UInt64) throws -> DataMatrix {
        let cols = train.cols
        var outAt = 0
        let callbacks = server.callbacks
        let values = try server.run("generate", operation: "generate", build: { call -> [String: Any] in
            let out = call.output(count * cols)
            outAt = out.at
            return ["x": call.matrix(train), "count": count, "seed": NSNumber(value: seed), "out": out.ref]
        }, callback: { request in
            IsolatedPolicy.serve(request, arena: callbacks, detector: detector)
        }, read: { _, arena in try PluginServerConnection.values(arena, at: outAt, count: count * cols) })
        try values.withUnsafeBufferPointer {
            try requireFinite($0.baseAddress!, count: count * cols, plugin: name, operation: "generate") {
                "synthetic row \($0 / max(cols, 1)) of \(count), column \($0 % max(cols, 1)),"
            }
        }
        return DataMatrix(rows: count, cols: cols, values: values)
    }

    /// Answers one score-callback request of the child with `detector`.
    private static func serve(_ request: [String: Any], arena: SharedArena, detector: any Detector) -> [String: Any] {
        guard let x = request["x"] as? [String: Any], let at = x["at"] as? Int, let rows = x["rows"] as? Int,
              let cols = x["cols"] as? Int, let out = request["out"] as? [String: Any], let outAt = out["at"] as? Int else {
            return ["ok": false, "status": Int(DASHOST_ERR_INVALID_ARGUMENT), "message": "malformed score callback request"]
        }
        do {
            try arena.refresh()
            let data = try arena.doubles(at: at, count: rows * cols)
            let scores = try arena.doubles(at: outAt, count: rows)
            var err = dashost_error()
            let status = detector.scoreForCallback(dashost_matrix(data: data, rows: UInt64(rows), cols: UInt64(cols)), scores, &err)
            guard status == DASHOST_OK else { return ["ok": false, "status": Int(status), "message": errorMessage(&err)] }
            return ["ok": true]
        } catch {
            return ["ok": false, "status": Int(DASHOST_ERR_INVALID_ARGUMENT), "message": "\(error)"]
        }
    }
}
