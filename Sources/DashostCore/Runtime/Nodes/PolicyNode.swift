/// `policy`: runs the synthesis plugin against a fitted detector and its training rows.
///
/// How many anomalies: option `count`, or `ratio` x training rows (default 0.1, the paper's
/// N_syn = 10% of the training size), at least 1.
enum PolicyNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        guard case let .detector(fitted)? = ctx.inputs["detector"] else { throw ctx.error("input 'detector' is not a detector") }
        let train = fitted.train
        let count: Int
        if let explicit = ctx.node.spec.number("count") {
            count = Int(explicit)
        } else {
            count = max(1, Int((Double(train.count) * ctx.node.spec.number("ratio")!).rounded()))
        }
        let policy = try PolicyInstance(ctx.plugin, params: ctx.node.params, seed: ctx.seed)
        let synthetic = try ctx.time("generate") {
            try policy.generate(train: try train.matrix, detector: fitted.instance, count: count, seed: ctx.seed &+ 1)
        }
        let rows = RowSet(dataset: train.dataset, matrix: synthetic, labels: [Double](repeating: 1, count: count),
                          rowIDs: [Int](repeating: -1, count: count))
        return ["anomalies": .rows(rows)]
    }
}
