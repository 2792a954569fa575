/// `fuse`: combines the named score inputs with the fusion plugin. Each input's port name is the
/// column name the plugin sees (so `{"weights": {"classifier": 0.5}}` refers to the port
/// `classifier`). The fused reference is the fusion of the references when they have equal length and
/// a consumer reads references (a `normalise` or another `fuse`); otherwise it is left empty.
enum FuseNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let inputs = ctx.namedScores()
        let first = inputs[0].value
        for (name, value) in inputs where value.rowIDs != first.rowIDs {
            throw ctx.error("input '\(name)' scores other rows than input '\(inputs[0].name)': fuse columns of the same rows")
        }
        let fusion = try ctx.makeFusion()
        let scores = try fusion.fuse(count: inputs.count) { (inputs[$0].name, inputs[$0].value.scores, inputs[$0].value.reference) }
        var reference: [Double] = []
        if ctx.referencesRead && Set(inputs.map { $0.value.reference.count }).count == 1 {
            reference = try fusion.fuse(count: inputs.count) { (inputs[$0].name, inputs[$0].value.reference, inputs[$0].value.reference) }
        }
        let column = ScoreColumnValue(scores: scores, reference: reference, labels: first.labels,
                                      rowIDs: first.rowIDs, dataset: first.dataset)
        return ["scores": .scores(column)]
    }
}
