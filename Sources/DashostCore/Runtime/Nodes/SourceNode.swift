/// `source`: reads a data file and splits it.
///
/// `split`: `paper` (train = first half of the inliers in file order; test = the other inliers and
/// every outlier; needs labels), `none` (train = test = all rows), `auto` (paper when the file has
/// labels, none otherwise; the default).
enum SourceNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let spec = ctx.node.spec
        let path = NodeContext.resolve(try spec.string("path")!, in: ctx.inputFolder)
        let dataset = try DatasetLoader.load(path: path, label: try spec.string("label"),
                                             featuresArray: try spec.string("features_array") ?? "X",
                                             labelsArray: try spec.string("labels_array") ?? "y")
        let all = RowSet(dataset: dataset.name, matrix: dataset.features, labels: dataset.labels,
                         rowIDs: Array(0..<dataset.features.rows))
        let split = try spec.string("split") ?? "auto"
        guard split == "paper" || (split == "auto" && dataset.labels != nil) else {
            return ["train": .rows(all), "test": .rows(all), "all": .rows(all)]
        }
        guard dataset.labels != nil else {
            throw ctx.error("split 'paper' needs labels, but '\(path)' has none (name the label column with 'label')")
        }
        let paper = try PaperSplit(dataset: dataset)
        func subset(_ indices: [Int]) -> RowSet {
            RowSet(dataset: dataset.name, matrix: dataset.features.selecting(rows: indices),
                   labels: indices.map { dataset.labels![$0] }, rowIDs: indices)
        }
        return ["train": .rows(subset(paper.trainIndices)), "test": .rows(subset(paper.testIndices)), "all": .rows(all)]
    }
}
