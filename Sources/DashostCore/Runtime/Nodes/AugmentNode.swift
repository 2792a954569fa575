/// `augment`: the classifier's training set: `normal` rows labelled 0 followed by `anomalies` labelled 1.
enum AugmentNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let normal = try ctx.rows("normal")
        let anomalies = try ctx.rows("anomalies")
        guard normal.cols == anomalies.cols else {
            throw ctx.error("'normal' has \(normal.cols) columns but 'anomalies' has \(anomalies.cols)")
        }
        let labels = [Double](repeating: 0, count: normal.count) + [Double](repeating: 1, count: anomalies.count)
        let data = LabeledRowSet(matrix: try normal.matrix.stacking(try anomalies.matrix), labels: labels,
                                 normalCount: normal.count)
        return ["data": .labeled(data)]
    }
}
