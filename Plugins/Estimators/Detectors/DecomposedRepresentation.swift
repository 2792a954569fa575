import DashostPluginKit
import Foundation

/// DRL, Decomposed Representation Learning (Ye et al., ICLR 2025), as its release (HangtingYe/DRL)
/// trains and scores it, in Double on BLAS with a hand-derived backward pass.
///
/// Model (``DRLNetwork``): an encoder `h = f(x)` (two bias-free layers of `hidden` units, LeakyReLU
/// 0.2), a weight network `phi(x)` (one hidden layer, `basis` outputs, no softmax), a decoder `g(h)`
/// (one layer back to `d`) and a frozen orthonormal basis `B` (`basis x hidden`). DRL learns to write
/// every normal row's representation as a combination `phi(x) B` of the shared basis vectors.
///
/// Loss on a batch of `N` rows, with `e = ||h - phi(x) B||^2` per row:
/// `mean(max(e, e / ||h||^2)) + alpha mean(1 - cos(g(h), x))
///  + beta sum_{i != j in S} cos(phi(x_i), phi(x_j)) / m^2`,
/// where `S` is a random 80 % (`m = floor(0.8 N)` rows) of the batch, drawn anew per batch. Adam
/// (``AdamOptimizer``, L2 weight decay) with the learning rate times `lrDecay` after each epoch,
/// batches of `batchSize` rows in row order.
///
/// Score: `mean_j (h - phi(x) B)_j^2`, the decomposition error per representation dimension; the
/// higher, the more anomalous. Features are standardised with the training mean and population
/// standard deviation first (a constant feature keeps scale 1).
///
/// Deviations from the release, on purpose: a row with `||h|| = 0` keeps `e` (the release's `e / 0`
/// is infinite or NaN); cosines divide by at least ``cosineEpsilon`` (the alignment, as PyTorch's
/// `cosine_similarity`) and weight norms are at least ``normFloor`` (the release divides by zero).
public struct DecomposedRepresentation {
    /// The training setting. The defaults are the release's one fixed setting.
    public struct Configuration: Sendable, Equatable {
        /// Passes over the training rows.
        public var epochs = 200
        /// Rows per Adam step (the last batch of an epoch may be smaller).
        public var batchSize = 512
        /// Adam's initial learning rate.
        public var learningRate = 0.05
        /// Factor on the learning rate after each epoch (PyTorch's `ExponentialLR` gamma).
        public var learningRateDecay = 0.98
        /// Adam's L2 weight decay (PyTorch's `weight_decay`).
        public var weightDecay = 1e-5
        /// Width of the representation and of the hidden layers.
        public var hidden = 128
        /// Number of basis vectors (at most `hidden`).
        public var basis = 5
        /// Weight of the alignment (reconstruction-cosine) term.
        public var alpha = 0.01
        /// Weight of the separation (weight-diversity) term.
        public var beta = 0.01

        /// The release's setting.
        public init() {}
    }

    /// Floor of `||a|| ||b||` in the alignment cosine (PyTorch's `cosine_similarity` eps).
    public static let cosineEpsilon = 1e-8
    /// Floor of a weight vector's norm in the separation term (PyTorch's `F.normalize` eps).
    public static let normFloor = 1e-12
    /// Share of a batch's rows in the separation term's sample.
    public static let sampleShare = 0.8
    /// Batches of at least this many rows are cut in two halves computed on two cores. Fixed, so the
    /// result does not depend on the machine.
    public static let splitRows = 64
    /// Rows per scoring block; a short block is padded to this size, so that every row goes through
    /// the same BLAS kernels and a row's score does not depend on the rows scored with it.
    static let scoreBlock = 32

    /// The setting.
    public let configuration: Configuration
    /// The trained network; nil before `fit`.
    public private(set) var network: DRLNetwork?
    /// Training column means.
    public private(set) var mean: [Double] = []
    /// Training column scales.
    public private(set) var scale: [Double] = []
    /// The mean batch loss of each epoch (before each step, as the release's `running_loss`).
    public private(set) var lossHistory: [Double] = []

    /// An untrained detector.
    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.epochs >= 1 && configuration.batchSize >= 1 && configuration.hidden >= 1
                     && configuration.basis >= 1 && configuration.basis <= configuration.hidden,
                     "DecomposedRepresentation: invalid configuration")
        self.configuration = configuration
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { network != nil }

    /// Trains on the rows of `X`; everything random (weights, basis, the separation samples) comes
    /// from `seed`.
    public mutating func fit(_ X: MatrixView, seed: UInt64) {
        let n = X.rows, d = X.cols, c = configuration
        precondition(n >= 1 && d >= 1, "DecomposedRepresentation.fit: empty input")
        let (mu, sd) = PCAOutlierDetector.columnMoments(X, standardize: true)
        var z = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { z[i * d + j] = (X.data[i * d + j] - mu[j]) / sd[j] } }

        var net = DRLNetwork(inputs: d, hidden: c.hidden, basisCount: c.basis, seed: seed)
        let batch = min(c.batchSize, n)
        let step = DRLBatchStep(network: net, capacity: batch)
        var adam = AdamOptimizer(count: net.parameterCount, learningRate: c.learningRate, weightDecay: c.weightDecay)
        var sampler = SeededGenerator.stream(seed: seed, index: 2)
        var order = [Int](repeating: 0, count: batch)
        var history: [Double] = []
        history.reserveCapacity(c.epochs)
        let frozenBasis = net.basis  // a copy, so reading it does not overlap the updates of `net`
        z.withUnsafeBufferPointer { z in
            frozenBasis.withUnsafeBufferPointer { basis in
                order.withUnsafeMutableBufferPointer { order in
                    for _ in 0..<c.epochs {
                        var total = 0.0, batches = 0
                        var start = 0
                        while start < n {
                            let rows = min(batch, n - start)
                            // The separation sample: the first m of a partial Fisher-Yates shuffle.
                            let m = Int(Double(rows) * DecomposedRepresentation.sampleShare)
                            for i in 0..<rows { order[i] = i }
                            for i in 0..<m {
                                let j = i + sampler.nextInt(below: rows - i)
                                order.swapAt(i, j)
                            }
                            let loss = net.parameters.withUnsafeBufferPointer { p in
                                step.run(z.baseAddress! + start * d, rows: rows, parameters: p.baseAddress!,
                                         basis: basis.baseAddress!, sample: UnsafeBufferPointer(rebasing: order[0..<m]),
                                         alpha: c.alpha, beta: c.beta)
                            }
                            total += loss
                            batches += 1
                            net.parameters.withUnsafeMutableBufferPointer { p in
                                step.gradient.withUnsafeBufferPointer { adam.update(p, gradient: $0) }
                            }
                            start += rows
                        }
                        history.append(total / Double(batches))
                        adam.learningRate *= c.learningRateDecay
                    }
                }
            }
        }
        mean = mu
        scale = sd
        network = net
        lossHistory = history
    }

    /// Writes the score of each row of `X` into `out` (`out.count == X.rows`). Rows are independent.
    public func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) {
        guard let net = network else { preconditionFailure("DecomposedRepresentation.score before fit") }
        precondition(X.cols == net.inputs, "DecomposedRepresentation.score: \(X.cols) columns, fitted on \(net.inputs)")
        precondition(out.count == X.rows, "DecomposedRepresentation.score: output length differs from row count")
        let d = net.inputs, H = net.hidden, blockRows = DecomposedRepresentation.scoreBlock
        let blocks = (X.rows + blockRows - 1) / blockRows
        net.parameters.withUnsafeBufferPointer { p in
            net.basis.withUnsafeBufferPointer { basis in
                mean.withUnsafeBufferPointer { mu in
                    scale.withUnsafeBufferPointer { sd in
                        Parallel.forChunks(of: blocks, minimumPerChunk: 8) { range in
                            let work = DRLBatchWorkspace(inputs: d, hidden: H, basisCount: net.basisCount,
                                                         capacity: blockRows, parameterCount: 0)
                            let z = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * d)
                            defer { z.deallocate() }
                            for block in range {
                                let first = block * blockRows, count = min(blockRows, X.rows - first)
                                for r in 0..<blockRows {
                                    let row = X.data + (first + min(r, count - 1)) * d  // padding repeats the last row
                                    for j in 0..<d { z[r * d + j] = (row[j] - mu[j]) / sd[j] }
                                }
                                work.forward(z, rows: blockRows, parameters: p.baseAddress!, basis: basis.baseAddress!,
                                             reconstruct: false)
                                for r in 0..<count { out[first + r] = work.e[r] / Double(H) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The scores of every row of `X`.
    public func score(_ X: MatrixView) -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        out.withUnsafeMutableBufferPointer { score(X, into: $0) }
        return out
    }

    /// The loss and its gradient (``DRLNetwork/parameters`` layout) for `network` on the rows of `X`
    /// taken as one batch, as a training step computes them; `X` is used as given (already
    /// standardised). `sample` is the separation term's rows; `ratio` fixes each row's branch of the
    /// decomposition term's `max` (nil: the larger, as in training); `parts` forces the one- or
    /// two-part computation. Also returns the branches taken. For checking the gradient.
    public static func objective(_ network: DRLNetwork, on X: MatrixView, sample: [Int], alpha: Double, beta: Double,
                                 ratio: [Bool]? = nil, parts: Int? = nil) -> (loss: Double, gradient: [Double], ratio: [Bool]) {
        precondition(X.cols == network.inputs, "DecomposedRepresentation.objective: column count differs")
        let step = DRLBatchStep(network: network, capacity: X.rows)
        let loss = network.parameters.withUnsafeBufferPointer { p in
            network.basis.withUnsafeBufferPointer { basis in
                sample.withUnsafeBufferPointer { sample in
                    step.run(X.data, rows: X.rows, parameters: p.baseAddress!, basis: basis.baseAddress!, sample: sample,
                             alpha: alpha, beta: beta, fixedRatio: ratio, parts: parts)
                }
            }
        }
        return (loss, step.gradient, step.branches(rows: X.rows))
    }
}
