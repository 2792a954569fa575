/// `source`: reads a data file and splits it.
///
/// `split`: `paper` (train = first half of the inliers in file order; test = the other inliers and
/// every outlier; needs labels), `none` (train = test = all rows), `auto` (paper when the file has
/// labels, none otherwise; the default).
///
/// `chunk_rows` (`.npz` only): nothing but the labels and the array's header is read here; every
/// output streams its rows from the file, `chunk_rows` at a time, when a node uses them. Fitting reads
/// the training rows whole; scoring never holds more than one chunk of features.
enum SourceNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let spec = ctx.node.spec
        let path = NodeContext.resolve(spec.string("path")!, in: ctx.inputFolder)
        if let chunkRows = spec.number("chunk_rows") {
            return try streamed(ctx, path: path, chunkRows: Int(chunkRows))
        }
        let dataset = try DatasetLoader.load(path: path, label: spec.string("label"),
                                             featuresArray: spec.string("features_array")!,
                                             labelsArray: spec.string("labels_array")!)
        let all = RowSet(dataset: dataset.name, matrix: dataset.features, labels: dataset.labels,
                         rowIDs: Array(0..<dataset.features.rows))
        let split = spec.string("split")!
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

    /// The outputs of a streamed `.npz` source.
    private static func streamed(_ ctx: NodeContext, path: String, chunkRows: Int) throws -> [String: PortValue] {
        let spec = ctx.node.spec
        guard path.lowercased().hasSuffix(".npz") else {
            throw ctx.error("option 'chunk_rows' streams .npz files only; '\(path)' is read whole without it")
        }
        let stream = try NpyRowStream(npz: path, array: spec.string("features_array")!)
        // An explicit labels_array wins, then label, then labels_array's default.
        let labelsName = spec.options["labels_array"] == nil ? (spec.string("label") ?? spec.string("labels_array")!) : spec.string("labels_array")!
        let labels = try DatasetLoader.labelVector(try NpyRowStream.wholeArray(npz: path, array: labelsName),
                                                   rows: stream.rows, path: path, name: labelsName)
        let name = DataFileAccess.datasetName(fromPath: path)
        func subset(_ indices: [Int]) -> RowSet {
            RowSet(dataset: name, stream: stream, chunkRows: chunkRows, labels: indices.map { labels[$0] }, rowIDs: indices)
        }
        let all = subset(Array(0..<stream.rows))
        guard spec.string("split")! != "none" else { return ["train": .rows(all), "test": .rows(all), "all": .rows(all)] }
        let paper = try PaperSplit(labels: labels, dataset: name)
        return ["train": .rows(subset(paper.trainIndices)), "test": .rows(subset(paper.testIndices)), "all": .rows(all)]
    }
}
