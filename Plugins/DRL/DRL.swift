import DashostEstimators
import DashostPluginKit

/// The `drl` detector plugin: Decomposed Representation Learning (Ye et al., ICLR 2025) as its
/// release trains it (``DecomposedRepresentation``).
///
/// Params (defaults: the release's one fixed setting, ``DecomposedRepresentation/Configuration``):
/// `epochs`, `batch_size`, `learning_rate`, `lr_decay`, `weight_decay`, `hidden`, `basis`, `alpha`,
/// `beta`. The seed draws the initial weights, the basis and the separation samples.
final class DRL: DetectorPlugin {
    private var model: DecomposedRepresentation
    private let seed: UInt64

    init(params: PluginParams, seed: UInt64) throws {
        var c = DecomposedRepresentation.Configuration()
        c.epochs = try params.int("epochs", default: c.epochs, in: 1...100_000,
                                  doc: "passes over the training rows")
        c.batchSize = try params.int("batch_size", default: c.batchSize, in: 1...1_000_000,
                                     doc: "rows per Adam step, taken in row order (the last batch of an epoch may be smaller)")
        c.learningRate = try params.double("learning_rate", default: c.learningRate, in: 1e-8...10,
                                           doc: "Adam's initial learning rate")
        c.learningRateDecay = try params.double("lr_decay", default: c.learningRateDecay, in: 0.01...1,
                                                doc: "factor on the learning rate after each epoch")
        c.weightDecay = try params.double("weight_decay", default: c.weightDecay, in: 0...1,
                                          doc: "Adam's L2 weight decay, added to the gradient (PyTorch's weight_decay)")
        c.hidden = try params.int("hidden", default: c.hidden, in: 1...4096,
                                  doc: "width of the representation h and of the hidden layers")
        c.basis = try params.int("basis", default: c.basis, in: 1...4096,
                                 doc: "number of frozen orthonormal basis vectors (at most hidden)")
        c.alpha = try params.double("alpha", default: c.alpha, in: 0...1000,
                                    doc: "weight of the alignment term mean(1 - cos(g(h), x))")
        c.beta = try params.double("beta", default: c.beta, in: 0...1000,
                                   doc: "weight of the separation term (mean pairwise cosine of the basis weights over 80 % of a batch)")
        if c.basis > c.hidden {
            throw PluginError.badParams("parameter 'basis' = \(c.basis) exceeds 'hidden' = \(c.hidden)")
        }
        model = DecomposedRepresentation(configuration: c)
        self.seed = seed
    }

    func fit(_ X: MatrixView) throws {
        // A refit starts from the seed again, so fitting twice equals fitting once.
        model.fit(X, seed: seed)
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        model.score(X, into: out)
    }
}
