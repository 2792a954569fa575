import Foundation

/// `write`: the named score inputs as one CSV (`path`: columns `row`, `label` when known, then one
/// column per input, named by its port) and the metrics inputs as JSON (`metrics_path`). Files are
/// written atomically: a failed run leaves no half-written file.
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
            try ScoresCSVWriter.write(to: target, columns: columns)
            written.append(target)
        }
        if let path = ctx.node.spec.string("metrics_path") {
            let metrics = ctx.inputs.sorted { $0.key < $1.key }.flatMap { _, value -> [MetricRow] in
                if case let .metrics(rows) = value { return rows }
                return []
            }
            guard !metrics.isEmpty else { throw ctx.error("'metrics_path' is set but no metrics input is connected") }
            let target = NodeContext.resolve(path, in: ctx.outputFolder)
            try AtomicFileWriter.write(MetricsJSON.render(metrics), to: target)
            written.append(target)
        }
        return ([:], written)
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
