import DashostPluginKit
import Foundation

/// The RBF/polynomial/sigmoid kernel width, as scikit-learn's `gamma`.
public enum SVMGamma: Equatable {
    /// `1 / (d * X.var())`, the variance over every value of the training matrix (scikit-learn's
    /// default); 1 when that variance is 0.
    case scale
    /// `1 / d`.
    case auto
    /// A fixed value.
    case value(Double)

    /// The gamma this setting gives for training rows `X`.
    public func resolve(_ X: MatrixView) -> Double {
        switch self {
        case .value(let g): return g
        case .auto: return 1 / Double(X.cols)
        case .scale:
            let values = X.elements
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            return variance > 0 ? 1 / (Double(X.cols) * variance) : 1
        }
    }
}

/// The kernel family of an `SVMClassifierModel`; coefficients other than gamma are libsvm's.
public enum SVMKernelChoice: String, CaseIterable {
    /// `exp(-gamma |u - v|^2)` (the default).
    case rbf
    /// `u . v`.
    case linear
    /// `(gamma u . v + coef0)^degree`.
    case poly
    /// `tanh(gamma u . v + coef0)`.
    case sigmoid
}

/// Settings of an `SVMClassifierModel`; the defaults are scikit-learn's `SVC(probability=True)`.
public struct SVMClassifierSettings: Equatable {
    /// Penalty `C`.
    public var C: Double = 1
    /// Kernel family.
    public var kernel: SVMKernelChoice = .rbf
    /// Kernel width.
    public var gamma: SVMGamma = .scale
    /// Polynomial degree.
    public var degree: Int = 3
    /// Independent term of the polynomial and sigmoid kernels.
    public var coef0: Double = 0
    /// Solver tolerance.
    public var tolerance: Double = 1e-3
    /// Kernel cache in MB.
    public var cacheSizeMB: Double = 200
    /// Shrinking heuristic.
    public var shrinking: Bool = true

    /// scikit-learn's defaults.
    public init() {}
}

/// A C-SVC binary classifier with libsvm's Platt-scaled probabilities (scikit-learn's
/// `SVC(probability=True)`), built on `LibSVMModel`.
///
/// libsvm fits the Platt sigmoid on decision values from an internal 5-fold cross-validation whose
/// folds it shuffles with C `rand()`. Training therefore seeds `srand` from the model's seed while
/// holding a lock, which makes probabilities reproducible as long as nothing else in the process calls
/// `rand()` during training: the lock only orders this library's own SVM classifiers, not other code
/// (another plugin library has its own copy of the lock). scikit-learn's bundled libsvm uses its own
/// seeded generator instead, so its Platt coefficients, and hence probabilities, differ slightly.
public final class SVMClassifierModel {
    /// Serialises `srand` + training, so concurrent fits in this library cannot interleave `rand()` draws.
    private static let randLock = NSLock()

    /// The libsvm model.
    public let model: LibSVMModel
    /// The gamma actually used (resolved from `settings.gamma` on the training rows).
    public let gamma: Double
    /// Whether libsvm's first class (the one its probabilities refer to) is label 1.
    private let firstClassIsAnomaly: Bool

    /// Trains on rows `X` with 0/1 `labels` (both classes present).
    ///
    /// - Throws: `PluginError.badParams` when libsvm rejects the settings, `.shape` when a class is missing.
    public init(training X: MatrixView, labels: [Double], settings: SVMClassifierSettings = SVMClassifierSettings(),
                seed: UInt64) throws {
        guard labels.contains(0), labels.contains(1) else {
            throw PluginError.shape("SVM classifier needs both classes (0 and 1) in its training rows")
        }
        let gamma = settings.gamma.resolve(X)
        let kernel: LibSVMKernel
        switch settings.kernel {
        case .rbf: kernel = .rbf(gamma: gamma)
        case .linear: kernel = .linear
        case .poly: kernel = .polynomial(degree: settings.degree, gamma: gamma, coef0: settings.coef0)
        case .sigmoid: kernel = .sigmoid(gamma: gamma, coef0: settings.coef0)
        }
        var parameters = LibSVMParameters(type: .classification(C: settings.C), kernel: kernel)
        parameters.tolerance = settings.tolerance
        parameters.cacheSizeMB = settings.cacheSizeMB
        parameters.shrinking = settings.shrinking
        parameters.probability = true
        SVMClassifierModel.randLock.lock()
        defer { SVMClassifierModel.randLock.unlock() }
        srand(UInt32(truncatingIfNeeded: seed ^ (seed >> 32)))
        model = try LibSVMModel(training: X, labels: labels, parameters: parameters)
        self.gamma = gamma
        firstClassIsAnomaly = model.classLabels.first == 1
    }

    /// P(anomaly) of every row of `X`, from libsvm's `svm_predict_probability`.
    public func probability(_ X: MatrixView) -> [Double] {
        let p = model.probabilities(X)
        return firstClassIsAnomaly ? p : p.map { 1 - $0 }
    }

    /// Held-out P(anomaly) of every training row by stratified K-fold cross-fitting: each fold is
    /// predicted by a model trained, with the same settings (gamma "scale" re-resolved on the fold's
    /// training rows, as scikit-learn's `cross_val_predict` would), on the other folds. Folds run one
    /// after another because training holds the `rand()` lock anyway.
    public static func heldOutProbability(_ X: MatrixView, labels: [Double], settings: SVMClassifierSettings = SVMClassifierSettings(),
                                          folds: Int = 5, seed: UInt64) throws -> [Double] {
        var foldStream = SeededGenerator.stream(seed: seed, index: UInt64(1 << 32))
        let foldSeed = foldStream.next()
        return try CrossFitting.heldOutProbability(labels: labels, folds: folds, seed: foldSeed, parallel: false) { train, test in
            // Each fold's libsvm seed depends on the fold (named by its first row), not on the order folds run in.
            var stream = SeededGenerator.stream(seed: seed, index: UInt64(test[0]))
            let foldModelSeed = stream.next()
            let model = try select(X, train).withView { sub in
                try SVMClassifierModel(training: sub, labels: train.map { labels[$0] }, settings: settings, seed: foldModelSeed)
            }
            return select(X, test).withView { model.probability($0) }
        }
    }

    /// The rows `indices` of `X`, copied.
    private static func select(_ X: MatrixView, _ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, cols: X.cols)
        for (k, i) in indices.enumerated() {
            for j in 0..<X.cols { out.values[k * X.cols + j] = X[i, j] }
        }
        return out
    }
}
