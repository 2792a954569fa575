/// `normalise`: maps one score column through a transform fitted on its reference scores
/// (`method`: `minmax` (default; a constant reference only shifts), `zscore` (a zero
/// standard deviation counts as 1), `rank` (the reference's empirical CDF, ties at mid-rank)).
/// The reference is mapped too, so normalised columns can be chained and fused.
enum NormaliseNode {
    static func run(_ ctx: NodeContext) throws -> [String: PortValue] {
        let input = try ctx.scores("scores")
        guard !input.reference.isEmpty else { throw ctx.error("input 'scores' has no reference scores to normalise against") }
        let transform = try ScoreTransform(method: ctx.node.spec.string("method")!, reference: input.reference)
        let column = ScoreColumnValue(scores: input.scores.map(transform.apply), reference: input.reference.map(transform.apply),
                                      labels: input.labels, rowIDs: input.rowIDs, dataset: input.dataset)
        return ["scores": .scores(column)]
    }
}

/// A monotone map of scores fitted on reference scores.
struct ScoreTransform {
    private let method: String
    private let sortedReference: [Double]
    private let shift: Double
    private let scale: Double

    init(method: String, reference: [Double]) throws {
        self.method = method
        sortedReference = reference.sorted()
        switch method {
        case "minmax":
            shift = sortedReference.first!
            let range = sortedReference.last! - shift
            scale = range > 0 ? range : 1
        case "zscore":
            let mean = reference.reduce(0, +) / Double(reference.count)
            let variance = reference.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(reference.count)
            shift = mean
            scale = variance > 0 ? variance.squareRoot() : 1
        case "rank":
            shift = 0
            scale = 1
        default:
            throw PipelineError("unknown normalisation '\(method)'")
        }
    }

    func apply(_ x: Double) -> Double {
        guard method == "rank" else { return (x - shift) / scale }
        let below = lowerBound(x), atOrBelow = upperBound(x)
        return (Double(below) + 0.5 * Double(atOrBelow - below)) / Double(sortedReference.count)
    }

    private func lowerBound(_ x: Double) -> Int {
        var lo = 0, hi = sortedReference.count
        while lo < hi { let mid = (lo + hi) / 2; if sortedReference[mid] < x { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    private func upperBound(_ x: Double) -> Int {
        var lo = 0, hi = sortedReference.count
        while lo < hi { let mid = (lo + hi) / 2; if sortedReference[mid] <= x { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
