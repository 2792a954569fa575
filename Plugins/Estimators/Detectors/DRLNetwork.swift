import Foundation

/// The weights of DRL's three networks (encoder `f`, weight network `phi`, decoder `g`) and its frozen
/// basis, for ``DecomposedRepresentation``.
///
/// Every trainable matrix lives in one flat buffer, `parameters`, in the layout PyTorch's `nn.Linear`
/// uses (`out x in`, row-major), so the optimizer and the gradient see one vector. The matrices, in
/// buffer order:
/// - ``Layer/encoder1`` (`hidden x d`) and ``Layer/encoder2`` (`hidden x hidden`): `h = f(x) =
///   lrelu(lrelu(x W1^T) W2^T)`;
/// - ``Layer/weights1`` (`hidden x d`) and ``Layer/weights2`` (`basis x hidden`): `phi(x) =
///   lrelu(x V1^T) V2^T` (no softmax, as the release);
/// - ``Layer/decoder`` (`d x hidden`): `g(h) = h D^T`.
/// No layer has a bias (as the release). LeakyReLU slope: ``slope``.
public struct DRLNetwork: Sendable {
    /// LeakyReLU's negative slope (the release's `nn.LeakyReLU(0.2)`).
    public static let slope = 0.2

    /// One trainable matrix of the network.
    public enum Layer: Int, CaseIterable, Sendable {
        /// The encoder's first layer, `hidden x d`.
        case encoder1
        /// The encoder's second layer, `hidden x hidden`.
        case encoder2
        /// The weight network's first layer, `hidden x d`.
        case weights1
        /// The weight network's second layer, `basis x hidden`.
        case weights2
        /// The decoder, `d x hidden`.
        case decoder
    }

    /// Input columns `d`.
    public let inputs: Int
    /// Width of the representation `h` (the release's `hidden_dim`).
    public let hidden: Int
    /// Number of basis vectors `K` (the release's `prototype_num`).
    public let basisCount: Int
    /// All trainable weights, the layers back to back in ``Layer`` order.
    public var parameters: [Double]
    /// The frozen basis, `basisCount x hidden` row-major; its rows are orthonormal.
    public let basis: [Double]

    /// `(rows, cols)` of `layer` (`out x in`).
    public func shape(_ layer: Layer) -> (rows: Int, cols: Int) {
        switch layer {
        case .encoder1: return (hidden, inputs)
        case .encoder2: return (hidden, hidden)
        case .weights1: return (hidden, inputs)
        case .weights2: return (basisCount, hidden)
        case .decoder: return (inputs, hidden)
        }
    }

    /// Where `layer` lies in ``parameters``.
    public func range(_ layer: Layer) -> Range<Int> {
        var start = 0
        for l in Layer.allCases {
            let (r, c) = shape(l)
            if l == layer { return start..<(start + r * c) }
            start += r * c
        }
        fatalError("unreachable")
    }

    /// Number of trainable weights.
    public var parameterCount: Int { range(.decoder).upperBound }

    /// A network initialised from `seed`: each layer as PyTorch's `nn.Linear` default (Kaiming uniform
    /// with `a = sqrt(5)`, i.e. `U(-1/sqrt(fan_in), 1/sqrt(fan_in))`), the basis by Gram-Schmidt of a
    /// Gaussian `basisCount x hidden` matrix (as the release's `random_orthogonal_vectors`). The
    /// weights and the basis come from separate streams of the seed.
    public init(inputs: Int, hidden: Int, basisCount: Int, seed: UInt64) {
        precondition(inputs >= 1 && hidden >= 1 && basisCount >= 1, "DRLNetwork: sizes must be >= 1")
        precondition(basisCount <= hidden, "DRLNetwork: \(basisCount) basis vectors do not fit in \(hidden) dimensions")
        self.inputs = inputs
        self.hidden = hidden
        self.basisCount = basisCount
        parameters = []
        basis = DRLNetwork.orthonormalBasis(count: basisCount, dimension: hidden, seed: seed)
        var generator = SeededGenerator.stream(seed: seed, index: 0)
        var weights = [Double](repeating: 0, count: 0)
        for layer in Layer.allCases {
            let (rows, fanIn) = shape(layer)
            let bound = 1 / Double(fanIn).squareRoot()
            for _ in 0..<(rows * fanIn) { weights.append((2 * generator.nextUnit() - 1) * bound) }
        }
        parameters = weights
    }

    /// `count` orthonormal rows of length `dimension`: Gram-Schmidt (modified, re-orthogonalised once,
    /// so the rows stay orthonormal to rounding) of Gaussian rows, a row redrawn if it is (numerically)
    /// dependent on the previous ones.
    static func orthonormalBasis(count: Int, dimension: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator.stream(seed: seed, index: 1)
        var rows = [Double](repeating: 0, count: count * dimension)
        var i = 0
        while i < count {
            var v = (0..<dimension).map { _ in generator.nextGaussian() }
            let original = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for _ in 0..<2 {
                for j in 0..<i {
                    var dot = 0.0
                    for c in 0..<dimension { dot += v[c] * rows[j * dimension + c] }
                    for c in 0..<dimension { v[c] -= dot * rows[j * dimension + c] }
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 1e-8 * original else { continue }  // dependent draw: draw again
            for c in 0..<dimension { rows[i * dimension + c] = v[c] / norm }
            i += 1
        }
        return rows
    }
}
