import DashostEstimators
import DashostPluginKit

/// The `svm` enhancement classifier: scikit-learn `SVC(probability=True)` (C-SVC, RBF, C = 1,
/// gamma = "scale") with libsvm's Platt-scaled probabilities.
///
/// Held-out probabilities (`DASHOST_EXT_HELDOUT`) come from stratified `heldout_folds`-fold
/// cross-fitting, computed on first request (it trains K more SVMs) and kept until the next fit.
/// Training seeds C `rand()` for libsvm's Platt cross-validation; see `SVMClassifierModel` for the
/// process-global caveat.
final class SVMPlugin: HeldOutClassifierPlugin {
    private let settings: SVMClassifierSettings
    private let folds: Int
    private let seed: UInt64
    private var model: SVMClassifierModel?
    private var training: (X: Matrix, labels: [Double])?
    private var heldOut: [Double]?

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
        let labels = Array(y)
        model = try SVMClassifierModel(training: X, labels: labels, settings: settings, seed: seed)
        training = (Matrix(X), labels)
        heldOut = nil
    }

    func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        guard let model else { throw PluginError.notFitted("svm is not fitted") }
        _ = out.initialize(from: model.probability(X))
    }

    func heldOutProbability() throws -> [Double] {
        if let heldOut { return heldOut }
        guard let training else { throw PluginError.notFitted("svm is not fitted") }
        let values = try training.X.withView {
            try SVMClassifierModel.heldOutProbability($0, labels: training.labels, settings: settings, folds: folds, seed: seed)
        }
        heldOut = values
        return values
    }
}

private let descriptor = PluginExport.classifier(
    SVMPlugin.self, name: "svm", version: "1.0.0",
    summary: "C-SVC with RBF kernel and Platt probabilities (scikit-learn SVC(probability=True))")

@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
