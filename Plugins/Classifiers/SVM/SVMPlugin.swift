import DashostEstimators
import DashostPluginKit

/// The `svm` enhancement classifier: scikit-learn `SVC(probability=True)` (C-SVC; the defaults, RBF,
/// C = 1, gamma = "scale", are `SVMClassifierSettings`') with libsvm's Platt-scaled probabilities.
///
/// Fitting trains the full C-SVC and `heldout_folds` (default `CrossFitting.defaultFolds`) plain C-SVCs on stratified folds,
/// concurrently; the folds' out-of-fold decision values fit Platt's sigmoid (libsvm's algorithm) and,
/// through it, are the held-out probabilities (`DASHOST_EXT_HELDOUT`). See `SVMClassifierModel`.
final class SVMPlugin: HeldOutClassifierPlugin {
    private let settings: SVMClassifierSettings
    private let folds: Int
    private let seed: UInt64
    private var model: SVMClassifierModel?

    init(params: PluginParams, seed: UInt64) throws {
        var s = SVMClassifierSettings()  // the defaults
        s.C = try params.double("C", default: s.C, in: Double.leastNormalMagnitude...1e12,
                                 doc: "regularisation: the penalty on margin violations")
        s.kernel = SVMKernelChoice(rawValue: try params.choice("kernel", default: s.kernel.rawValue,
                                                              among: SVMKernelChoice.allCases.map(\.rawValue),
                                                              doc: "kernel: rbf, linear, poly or sigmoid"))!
        switch try params.stringOrNumber("gamma", default: s.gamma.paramText, among: ["scale", "auto"],
                                            doc: "kernel coefficient: \"scale\" (1 / (columns * variance of X)), \"auto\" (1 / columns) or a positive number as a string") {
        case .string("auto"): s.gamma = .auto
        case .string: s.gamma = .scale
        case .number(let g):
            guard g > 0 else { throw PluginError.badParams("parameter 'gamma' = \(g) must be > 0, \"scale\" or \"auto\"") }
            s.gamma = .value(g)
        }
        s.degree = try params.int("degree", default: s.degree, in: 1...100, doc: "degree of the poly kernel")
        s.coef0 = try params.double("coef0", default: s.coef0, doc: "constant term of the poly and sigmoid kernels")
        s.tolerance = try params.double("tol", default: s.tolerance, in: 1e-12...1, doc: "libsvm's stopping tolerance")
        s.cacheSizeMB = try params.double("cache_size", default: s.cacheSizeMB, in: 1...65_536, doc: "libsvm's kernel cache, in MB")
        s.shrinking = try params.bool("shrinking", default: s.shrinking, doc: "use libsvm's shrinking heuristic")
        settings = s
        folds = try params.heldOutFolds(doc: "stratified folds whose out-of-fold decision values give the held-out probabilities")
        self.seed = seed
    }

    func fit(_ X: MatrixView, labels y: UnsafeBufferPointer<Double>) throws {
        model = nil
        model = try SVMClassifierModel(training: X, labels: Array(y), settings: settings, folds: folds, seed: seed)
    }

    func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        guard let model else { throw PluginError.notFitted("svm is not fitted") }
        _ = out.initialize(from: model.probability(X))
    }

    func heldOutProbability() throws -> [Double] {
        guard let model else { throw PluginError.notFitted("svm is not fitted") }
        return model.heldOutProbability
    }
}
