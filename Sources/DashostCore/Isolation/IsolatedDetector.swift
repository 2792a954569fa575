import CDashostPlugin

/// A detector plugin instance in a child process (`PluginServerConnection`). Its scores are
/// checked again here: nothing that crosses the boundary is trusted.
final class IsolatedDetector: Detector, @unchecked Sendable {
    let name: String
    private let lease: ServerLease
    private var server: PluginServerConnection { lease.server }
    private let remembered = RememberedScores()

    /// An instance of `plugin` in a new child process.
    convenience init(_ plugin: Plugin, params: String, seed: UInt64, node: String, settings: IsolationSettings) throws {
        try plugin.require(.detector)
        try self.init(server: ServerPool.shared.checkout(plugin, params: params, seed: seed, node: node, settings: settings))
    }

    /// The instance an already started server holds (see `ServerPrewarm`).
    init(server: PluginServerConnection) throws {
        name = server.plugin
        lease = ServerLease(server)
    }

    func fit(_ X: DataMatrix) throws {
        try server.run("fit", operation: "fit", build: { ["x": $0.matrix(X)] }, read: { _, _ in })
    }

    func score(_ X: DataMatrix) throws -> [Double] {
        var outAt = 0
        let scores = try server.run("score", operation: "score", build: { call -> [String: Any] in
            let out = call.output(X.rows)
            outAt = out.at
            return ["x": call.matrix(X), "out": out.ref]
        }, read: { _, arena in try PluginServerConnection.values(arena, at: outAt, count: X.rows) })
        try scores.withUnsafeBufferPointer {
            try requireFinite($0.baseAddress!, count: X.rows, plugin: name, operation: "score") { "the score of row \($0) of \(X.rows)" }
        }
        return scores
    }

    func trainingScores(rows: Int) throws -> [Double]? {
        var outAt = 0
        let scores = try server.run("training_scores", operation: "training_scores", build: { call -> [String: Any] in
            let out = call.output(rows)
            outAt = out.at
            return ["out": out.ref]
        }, read: { reply, arena -> [Double]? in
            reply["offered"] as? Bool == true ? try PluginServerConnection.values(arena, at: outAt, count: rows) : nil
        })
        if let scores {
            try scores.withUnsafeBufferPointer {
                try requireFinite($0.baseAddress!, count: rows, plugin: name, operation: "training_scores") { "the training score of row \($0) of \(rows)" }
            }
        }
        return scores
    }

    func remember(scores: [Double], of rows: DataMatrix) { remembered.keep(scores: scores, of: rows) }

    func scoreForCallback(_ X: dashost_matrix, _ out: UnsafeMutablePointer<Double>?,
                          _ err: UnsafeMutablePointer<dashost_error>?) -> dashost_status {
        if remembered.recall(X, into: out) { return DASHOST_OK }
        let rows = Int(X.rows), cols = Int(X.cols)
        let values = X.data.map { Array(UnsafeBufferPointer(start: $0, count: rows * cols)) } ?? []
        guard values.count == rows * cols else { return dashost_error_set_message(err, DASHOST_ERR_INVALID_ARGUMENT, "score callback: no rows") }
        do {
            let scores = try score(DataMatrix(rows: rows, cols: cols, values: values))
            if let out { scores.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: rows) } }
            return DASHOST_OK
        } catch {
            return dashost_error_set_message(err, DASHOST_ERR_INTERNAL, "\(error)")
        }
    }
}
