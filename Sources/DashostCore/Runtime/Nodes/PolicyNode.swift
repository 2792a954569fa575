import Foundation

/// `policy`: runs the synthesis plugin against a fitted detector and its training rows.
///
/// How many anomalies: option `count`, or `ratio` x training rows (the paper's N_syn = 10% of the
/// training size by default, `NodeType.optionTable`), at least 1. A count whose rows would not fit in
/// memory is refused, with the sizes, before anything is allocated.
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
        let cols = train.cols
        let bytes = Double(count) * Double(max(cols, 1)) * Double(MemoryLayout<Double>.size) * 2  // the rows, then the augmented copy
        let memory = Double(ProcessInfo.processInfo.physicalMemory)
        guard bytes <= memory / 2 else {
            throw ctx.error(String(format: "%d synthetic rows of %d columns need %.1f GiB (output and augmented copy), more than half this machine's %.1f GiB; lower 'count' or 'ratio'",
                                   count, cols, bytes / 1_073_741_824, memory / 1_073_741_824))
        }
        let policy = try ctx.makePolicy()
        let synthetic = try ctx.time("generate") {
            try policy.generate(train: try train.matrix, detector: fitted.instance, count: count, seed: ctx.seed &+ 1)
        }
        let rows = RowSet(dataset: train.dataset, matrix: synthetic, labels: [Double](repeating: 1, count: count),
                          rowIDs: [Int](repeating: -1, count: count))
        return ["anomalies": .rows(rows)]
    }
}
