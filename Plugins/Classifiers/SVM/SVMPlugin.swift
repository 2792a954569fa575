import DashostEstimators
import DashostPluginKit

/// The `svm` enhancement classifier: scikit-learn `SVC(probability=True)` (C-SVC, RBF, C = 1,
/// gamma = "scale") with libsvm's Platt-scaled probabilities.
///
/// Fitting trains the full C-SVC and `heldout_folds` (default 5) plain C-SVCs on stratified folds,
/// concurrently; the folds' out-of-fold decision values fit Platt's sigmoid (libsvm's algorithm) and,
/// through it, are the held-out probabilities (`DASHOST_EXT_HELDOUT`). See `SVMClassifierModel`.
final class SVMPlugin: HeldOutClassifierPlugin {
    private let settings: SVMClassifierSettings
    private let folds: Int
    private let seed: UInt64
    private var model: SVMClassifierModel?

    init(params: PluginParams, seed: UInt64) throws {
        var s = SVMClassifierSettings()
        s.C = try params.double("C", default: 1, in: Double.leastNormalMagnitude...1e12)
        s.kernel = SVMKernelChoice(rawValue: try params.choice("kernel", default: "rbf",
                                                              among: SVMKernelChoice.allCases.map(\.rawValue)))!
        switch try params.stringOrNumber("gamma", default: "scale", among: ["scale", "auto"]) {
        case .string("auto"): s.gamma = .auto
        case .string: s.gamma = .scale
        case .number(let g):
            guard g > 0 else { throw PluginError.badParams("parameter 'gamma' = \(g) must be > 0, \"scale\" or \"auto\"") }
            s.gamma = .value(g)
        }
        s.degree = try params.int("degree", default: 3, in: 1...100)
        s.coef0 = try params.double("coef0", default: 0)
        s.tolerance = try params.double("tol", default: 1e-3, in: 1e-12...1)
        s.cacheSizeMB = try params.double("cache_size", default: 200, in: 1...65_536)
        s.shrinking = try params.bool("shrinking", default: true)
        settings = s
        folds = try params.int("heldout_folds", default: 5, in: 2...100)
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

private let descriptor = PluginExport.classifier(
    SVMPlugin.self, name: "svm", version: "1.0.0",
    summary: "C-SVC with RBF kernel and Platt probabilities (scikit-learn SVC(probability=True))")

@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
