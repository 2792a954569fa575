import Foundation

/// `write`: the named score inputs as one CSV (`path`: columns `row`, `label` when known, then one
/// column per input, named by its port) and the metrics inputs as JSON (`metrics_path`). Files are
/// staged in temporary files and published by the runner only when the whole run succeeds
/// (`OutputPlan`): a failed run leaves neither a half-written nor a complete new file.
enum WriteNode {
    static func run(_ ctx: NodeContext) throws -> (outputs: [String: PortValue], written: [String]) {
        var written: [String] = []
        let scores = ctx.namedScores()
        if let path = ctx.node.spec.string("path") {
            guard let first = scores.first?.value else { throw ctx.error("'path' is set but no scores input is connected") }
            for (name, value) in scores where value.rowIDs != first.rowIDs {
                throw ctx.error("input '\(name)' scores other rows than input '\(scores[0].name)'")
            }
            var columns: [ScoresCSVWriter.Column] = [.integers("row", first.rowIDs)]
            if let labels = first.labels { columns.append(.doubles("label", labels)) }
            columns += scores.map { .doubles($0.name, $0.value.scores) }
            let target = NodeContext.resolve(path, in: ctx.outputFolder)
            let staged = try ScoresCSVWriter.stage(to: target, columns: columns)
            try publish(staged, ctx)
            written.append(target)
        }
        if let path = ctx.node.spec.string("metrics_path") {
            let metrics = ctx.inputs.sorted { $0.key < $1.key }.flatMap { _, value -> [MetricRow] in
                if case let .metrics(rows) = value { return rows }
                return []
            }
            guard !metrics.isEmpty else { throw ctx.error("'metrics_path' is set but no metrics input is connected") }
            let target = NodeContext.resolve(path, in: ctx.outputFolder)
            let text = MetricsJSON.render(metrics)
            try publish(try AtomicFileWriter.stage(to: target) { try $0.write(text) }, ctx)
            written.append(target)
        }
        return ([:], written)
    }

    /// Hands a staged file to the run's output plan, or publishes it now when there is none.
    private static func publish(_ file: AtomicFileWriter.StagedFile, _ ctx: NodeContext) throws {
        if let plan = ctx.outputs { plan.add(file) } else { try file.publish() }
    }
}

/// Metrics as a JSON document: `{"metrics": [{"dataset", "column", "aucpr", "aucroc", "rows", "anomalies"}]}`.
enum MetricsJSON {
    static func render(_ rows: [MetricRow]) -> String {
        let objects: [[String: Any]] = rows.map {
            ["dataset": $0.dataset, "column": $0.column, "aucpr": $0.aucpr, "aucroc": $0.aucroc,
             "rows": $0.rows, "anomalies": $0.anomalies]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["metrics": objects], options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
