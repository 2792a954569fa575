import Foundation

/// One batch of DRL's loss and gradient (``DecomposedRepresentation``): the batch's rows cut into one
/// or two contiguous parts, each on its own ``DRLBatchWorkspace`` (the two concurrently), the
/// separation term on the whole batch in between, and the parts' gradients summed in part order.
///
/// The cut depends only on the batch's row count (``DecomposedRepresentation/splitRows``), never on
/// the cores or the scheduling, so a seed gives the same bits on any machine load.
final class DRLBatchStep {
    let inputs: Int, hidden: Int, basisCount: Int, capacity: Int
    let parts: [DRLBatchWorkspace]
    /// The summed gradient of the last `run`.
    var gradient: [Double]
    /// Per batch row: the separation term's gradient with respect to `W` (`capacity x K`), the
    /// chosen branch of the decomposition term, the weight rows' norms.
    private let diversity: UnsafeMutablePointer<Double>
    private let ratio: UnsafeMutablePointer<Bool>
    private let weightNorm: UnsafeMutablePointer<Double>
    /// Sum of the sampled rows' unit weight vectors (`K`).
    private let unitSum: UnsafeMutablePointer<Double>

    init(network: DRLNetwork, capacity: Int) {
        inputs = network.inputs
        hidden = network.hidden
        basisCount = network.basisCount
        self.capacity = capacity
        let half = (capacity + 1) / 2
        let count = network.parameterCount
        parts = (0..<2).map { p in
            DRLBatchWorkspace(inputs: network.inputs, hidden: network.hidden, basisCount: network.basisCount,
                              capacity: p == 0 ? max(capacity, 1) : max(half, 1), parameterCount: count)
        }
        gradient = [Double](repeating: 0, count: count)
        diversity = .allocate(capacity: max(1, capacity * basisCount))
        ratio = .allocate(capacity: max(1, capacity))
        ratio.initialize(repeating: false, count: max(1, capacity))
        weightNorm = .allocate(capacity: max(1, capacity))
        unitSum = .allocate(capacity: basisCount)
    }

    deinit {
        diversity.deallocate(); ratio.deallocate(); weightNorm.deallocate(); unitSum.deallocate()
    }

    /// The number of parts a batch of `rows` rows is cut into.
    static func partCount(rows: Int) -> Int { rows >= DecomposedRepresentation.splitRows ? 2 : 1 }

    /// Runs the batch of `rows` standardised rows at `x` and returns its loss; leaves the gradient in
    /// `gradient`.
    ///
    /// - `sample`: the batch rows of the separation term (distinct, in `0..<rows`);
    /// - `fixedRatio`: the decomposition term's branch per row, to hold the `max` fixed (the gradient
    ///   check); nil chooses the larger of `e` and `e / s`, as the loss does;
    /// - `parts`: 1 or 2; nil = ``partCount(rows:)``.
    func run(_ x: UnsafePointer<Double>, rows n: Int, parameters: UnsafePointer<Double>, basis: UnsafePointer<Double>,
             sample: UnsafeBufferPointer<Int>, alpha: Double, beta: Double, fixedRatio: [Bool]? = nil,
             parts partsWanted: Int? = nil) -> Double {
        precondition(n >= 1 && n <= capacity, "DRLBatchStep.run: \(n) rows, capacity \(capacity)")
        let K = basisCount, d = inputs
        let count = min(partsWanted ?? DRLBatchStep.partCount(rows: n), n, 2)
        func bounds(_ p: Int) -> Range<Int> { (n * p / count)..<(n * (p + 1) / count) }
        func each(_ body: (Int) -> Void) {
            if count == 1 { body(0) } else { Parallel.forEach(count, body) }
        }
        each { p in
            let b = bounds(p)
            parts[p].forward(x + b.lowerBound * d, rows: b.count, parameters: parameters, basis: basis, reconstruct: true)
        }
        /// Row `i` of the batch: its part's workspace and its index there.
        func locate(_ i: Int) -> (DRLBatchWorkspace, Int) {
            let p = count == 2 && i >= n / 2 ? 1 : 0
            return (parts[p], i - bounds(p).lowerBound)
        }

        // Decomposition and alignment terms, summed in row order.
        var decomposition = 0.0, alignment = 0.0
        for i in 0..<n {
            let (part, j) = locate(i)
            let e = part.e[j], s = part.s[j]
            // max(e, e / s); a zero ||h|| (e / s infinite or undefined) keeps e.
            let normalised = s > 0 && e / s > e
            ratio[i] = fixedRatio?[i] ?? normalised
            decomposition += ratio[i] ? e / s : e
            alignment += 1 - part.cosine(j)
        }
        let N = Double(n)
        var loss = decomposition / N + alpha * alignment / N

        // Separation term: beta * sum_{i != j} cos(w_i, w_j) / m^2 over the m sampled rows, as
        // |sum u_i|^2 - sum |u_i|^2 with u_i = w_i / ||w_i||, and its gradient
        // 2 beta / m^2 (I - u_i u_i^T) (U - u_i) / ||w_i||, in O(m K) instead of the m x m matrix.
        diversity.update(repeating: 0, count: n * K)
        let m = sample.count
        if m >= 2 && beta != 0 {
            let floor = DecomposedRepresentation.normFloor
            unitSum.update(repeating: 0, count: K)
            var squares = 0.0
            for i in sample {
                let (part, j) = locate(i)
                let wi = part.w + j * K
                var norm2 = 0.0
                for k in 0..<K { norm2 += wi[k] * wi[k] }
                let norm = max(norm2.squareRoot(), floor)
                weightNorm[i] = norm
                for k in 0..<K {
                    let u = wi[k] / norm
                    unitSum[k] += u
                    squares += u * u
                }
            }
            var total2 = 0.0
            for k in 0..<K { total2 += unitSum[k] * unitSum[k] }
            let scale = beta / (Double(m) * Double(m))
            loss += scale * (total2 - squares)
            for i in sample {
                let (part, j) = locate(i)
                let wi = part.w + j * K, gi = diversity + i * K, norm = weightNorm[i]
                let projected = norm > floor  // below the floor u = w / floor is linear in w
                var along = 0.0
                if projected { for k in 0..<K { along += (unitSum[k] - wi[k] / norm) * (wi[k] / norm) } }
                for k in 0..<K {
                    let u = wi[k] / norm
                    gi[k] = 2 * scale * ((unitSum[k] - u) - (projected ? along * u : 0)) / norm
                }
            }
        }

        let ratioPointer = UnsafePointer(ratio), diversityPointer = UnsafePointer(diversity)
        each { p in
            let b = bounds(p)
            parts[p].backward(x + b.lowerBound * d, rows: b.count, batchRows: n, parameters: parameters, basis: basis,
                              ratio: ratioPointer + b.lowerBound, alpha: alpha,
                              diversity: diversityPointer + b.lowerBound * K)
        }
        gradient.withUnsafeMutableBufferPointer { g in
            g.baseAddress!.update(from: parts[0].gradient, count: g.count)
            if count == 2 {
                let second = parts[1].gradient
                for i in 0..<g.count { g[i] += second[i] }
            }
        }
        return loss
    }

    /// The decomposition term's branch per row of the last `run` (true: `e / s`), for holding it fixed.
    func branches(rows n: Int) -> [Bool] { (0..<n).map { ratio[$0] } }
}
