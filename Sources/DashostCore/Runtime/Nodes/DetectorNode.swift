/// `detector`: fits the plugin on `fit` and scores `score` (or the fit rows when `score` is not
/// connected). The reference scores are the detector's own training scores when the plugin offers
/// them (leave-self-out, `DASHOST_EXT_TRAINING_SCORES`), otherwise `score(fit rows)`.
enum DetectorNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let train = try ctx.rows("fit")
        let target = ctx.inputs["score"] == nil ? train : try ctx.rows("score")
        let detector = try ctx.makeDetector()
        let trainMatrix = try train.matrix
        try ctx.time("fit") { try detector.fit(trainMatrix) }
        let reference = try ctx.time("reference") { () throws -> [Double] in
            if let own = try detector.trainingScores(rows: trainMatrix.rows) { return own }
            let scores = try detector.score(trainMatrix)
            detector.remember(scores: scores, of: trainMatrix)  // a policy scores these rows again
            return scores
        }
        let scores = try ctx.time("score") { try target.mapChunks { try detector.score($0) } }
        let column = ScoreColumnValue(scores: scores, reference: reference, labels: target.labels,
                                      rowIDs: target.rowIDs, dataset: target.dataset)
        let fitted = RowSet(dataset: train.dataset, matrix: trainMatrix, labels: train.labels, rowIDs: train.rowIDs)
        return ["scores": .scores(column), "model": .detector(FittedDetector(instance: detector, train: fitted))]
    }
}
