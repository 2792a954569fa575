/// `evaluate`: AUC-PR (average precision) and AUC-ROC of each named score input against its labels.
enum EvaluateNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let rows = try ctx.namedScores().map { name, value -> MetricRow in
            guard let labels = value.labels else {
                throw ctx.error("input '\(name)' has no labels to evaluate against (the data has no label column)")
            }
            do {
                return MetricRow(dataset: value.dataset, column: name,
                                 aucpr: try Metrics.averagePrecision(labels: labels, scores: value.scores),
                                 aucroc: try Metrics.rocAUC(labels: labels, scores: value.scores),
                                 rows: labels.count, anomalies: labels.filter { $0 == 1 }.count)
            } catch {
                throw ctx.error("input '\(name)': \(error)")
            }
        }
        return ["metrics": .metrics(rows)]
    }
}
