/// `classifier`: fits the plugin on the labelled rows and scores `score` with P(anomaly).
///
/// Reference scores (what fusion normalises against) are taken on the normal training rows:
/// - `reference: "heldout"` (default): each row's probability from a model that did not see it:
///   the plugin's own held-out estimate (`DASHOST_EXT_HELDOUT`, e.g. out-of-bag) or, when it has none,
///   K-fold cross-fitting by the host (`folds`, default 5). A classifier scores its own training rows
///   as almost surely normal, so an in-sample reference makes every unseen normal look anomalous.
/// - `reference: "insample"`: the fitted model's probabilities on its own training rows (the original
///   LLM-DAS release's choice, kept for comparison).
enum ClassifierNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        guard case let .labeled(data)? = ctx.inputs["fit"] else { throw ctx.error("input 'fit' is not labelled rows") }
        let classifier = try ctx.makeClassifier(seed: ctx.seed)
        try ctx.time("fit") { try classifier.fit(data.matrix, labels: data.labels) }
        let reference = try ctx.time("reference") { try referenceScores(ctx, classifier, data) }
        var outputs: [String: PortValue] = ["model": .classifier(classifier)]
        if ctx.inputs["score"] != nil {
            let target = try ctx.rows("score")
            let scores = try ctx.time("score") { try target.mapChunks { try classifier.predictProbability($0) } }
            outputs["scores"] = .scores(ScoreColumnValue(scores: scores, reference: reference, labels: target.labels,
                                                         rowIDs: target.rowIDs, dataset: target.dataset))
        } else {
            let scores = try classifier.predictProbability(data.matrix)
            outputs["scores"] = .scores(ScoreColumnValue(scores: scores, reference: reference, labels: data.labels,
                                                         rowIDs: [Int](repeating: -1, count: scores.count), dataset: ""))
        }
        return outputs
    }

    /// P(anomaly) of the normal training rows, held out or in-sample as the node's `reference` says.
    private static func referenceScores(_ ctx: NodeContext, _ classifier: any Classifier, _ data: LabeledRowSet) throws -> [Double] {
        if ctx.node.spec.string("reference") == "insample" {
            return try classifier.predictProbability(data.matrix.selecting(rows: Array(0..<data.normalCount)))
        }
        if let heldOut = try classifier.heldOutProbability(rows: data.matrix.rows) {
            return Array(heldOut[0..<data.normalCount])
        }
        let folds = Int(ctx.node.spec.number("folds")!)
        return Array(try CrossFit.heldOutProbability(ctx, data: data, folds: folds)[0..<data.normalCount])
    }
}
