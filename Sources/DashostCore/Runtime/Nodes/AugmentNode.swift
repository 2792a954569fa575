/// `augment`: the classifier's training set: `normal` rows labelled 0 followed by `anomalies` labelled 1.
enum AugmentNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let normal = try ctx.rows("normal")
        let anomalies = try ctx.rows("anomalies")
        guard normal.matrix.cols == anomalies.matrix.cols else {
            throw ctx.error("'normal' has \(normal.matrix.cols) columns but 'anomalies' has \(anomalies.matrix.cols)")
        }
        let labels = [Double](repeating: 0, count: normal.matrix.rows) + [Double](repeating: 1, count: anomalies.matrix.rows)
        let data = LabeledRowSet(matrix: normal.matrix.stacking(anomalies.matrix), labels: labels,
                                 normalCount: normal.matrix.rows)
        return ["data": .labeled(data)]
    }
}
