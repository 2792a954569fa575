import Foundation

/// Adam (Kingma & Ba) over one flat parameter vector, step for step as PyTorch's `torch.optim.Adam`
/// (default `betas = (0.9, 0.999)`, `eps = 1e-8`, `amsgrad = False`), including its weight decay:
/// the L2 form, `weightDecay * p` added to the gradient before the moments (not AdamW's decoupled
/// decay).
public struct AdamOptimizer: Sendable {
    /// First-moment decay.
    public var beta1 = 0.9
    /// Second-moment decay.
    public var beta2 = 0.999
    /// Added to the root of the second moment.
    public var epsilon = 1e-8
    /// L2 penalty factor added to the gradient (PyTorch's `weight_decay`).
    public var weightDecay: Double
    /// The step size; a scheduler changes it between steps.
    public var learningRate: Double
    /// Steps taken.
    public private(set) var step = 0
    private var m: [Double]
    private var v: [Double]

    /// An optimizer for `count` parameters, its moments zero.
    public init(count: Int, learningRate: Double, weightDecay: Double) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        m = [Double](repeating: 0, count: count)
        v = [Double](repeating: 0, count: count)
    }

    /// One update of `parameters` with `gradient` (same length as at init).
    public mutating func update(_ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>) {
        precondition(parameters.count == m.count && gradient.count == m.count, "AdamOptimizer: length differs")
        step += 1
        let b1 = beta1, b2 = beta2, wd = weightDecay, eps = epsilon
        let correction1 = 1 - pow(b1, Double(step))
        let correction2Root = (1 - pow(b2, Double(step))).squareRoot()
        // PyTorch's arrangement: p -= (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps).
        let stepSize = learningRate / correction1
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                for i in 0..<m.count {
                    let g = gradient[i] + wd * parameters[i]
                    m[i] = b1 * m[i] + (1 - b1) * g
                    v[i] = b2 * v[i] + (1 - b2) * g * g
                    parameters[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2Root + eps)
                }
            }
        }
    }
}
