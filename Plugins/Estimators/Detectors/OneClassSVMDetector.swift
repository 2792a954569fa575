import DashostPluginKit
import Foundation

/// One-class SVM outlier detector, as PyOD's `OCSVM` (scikit-learn `OneClassSVM`, libsvm underneath).
///
/// PyOD's score is minus libsvm's decision value, `rho - S(x)` with the kernel sum
/// `S(x) = sum_i alpha_i K(sv_i, x) >= 0` (RBF). By default (`ScoreScale.logKernelSum`, RBF only) the
/// score is `-log S(x)` instead, with `S(x)` recovered from the decision value as `rho + decision`:
/// a strictly increasing function of PyOD's score, so the ranking, its ties and every AUC are PyOD's,
/// but on a scale where differences far from the data stay visible.
///
/// Why: with gamma = 1/d on unscaled features the RBF kernel saturates. `S(x)` of every row that is
/// not a training row is then below 1e-5 (the nearest support vector dominates it), PyOD's scores of
/// all new rows crowd within 1e-5 of `rho`, and a fusion that min-max scales the detector on its
/// training scores sees no differences among test rows at all, although their order (essentially the
/// distance to the nearest support vector) is informative. `-log S(x)` spreads them out again.
public final class OneClassSVMDetector {
    /// The scale of the anomaly score.
    public enum ScoreScale: String, CaseIterable {
        /// `-log S(x)` for RBF, PyOD's score for other kernels (the default).
        case auto
        /// PyOD's score, minus the decision value.
        case decision
        /// `-log S(x)` (RBF only); a kernel sum that underflowed to 0 scores `-log` of the least
        /// positive double (744.4), the score of a row that is far from every support vector.
        case logKernelSum = "log_kernel_sum"
    }

    /// Kernel family; coefficients come from `gamma`, `degree` and `coef0`.
    public enum Kernel: String, CaseIterable {
        /// `u . v`.
        case linear
        /// `(gamma u . v + coef0)^degree`.
        case poly
        /// `exp(-gamma |u - v|^2)` (the default).
        case rbf
        /// `tanh(gamma u . v + coef0)`.
        case sigmoid
    }

    // The defaults, PyOD's (scikit-learn's `OneClassSVM`'s).
    /// The default `kernel`.
    public static let defaultKernel = Kernel.rbf
    /// The default `nu`.
    public static let defaultNu = 0.5
    /// The default `gamma` rule (`gamma = nil`), PyOD's `gamma='auto'`: ``autoGamma(columns:)``,
    /// written as in the plugin's texts.
    public static let autoGammaRule = "1/d"
    /// The default `degree`.
    public static let defaultDegree = 3
    /// The default `coef0`.
    public static let defaultCoef0 = 0.0
    /// The default `tolerance`.
    public static let defaultTolerance = 1e-3
    /// The default `shrinking`.
    public static let defaultShrinking = true
    /// The default `cacheSizeMB`.
    public static let defaultCacheSizeMB = 200.0
    /// The default `scoreScale`.
    public static let defaultScoreScale = ScoreScale.auto

    /// The kernel coefficient used when `gamma` is `nil`: `1 / columns` (``autoGammaRule``).
    public static func autoGamma(columns: Int) -> Double { 1 / Double(columns) }

    /// Kernel family.
    public let kernel: Kernel
    /// Upper bound on the share of training rows outside the boundary.
    public let nu: Double
    /// Kernel coefficient; `nil` = ``autoGamma(columns:)`` (PyOD's `gamma='auto'`).
    public let gamma: Double?
    /// Polynomial degree.
    public let degree: Int
    /// Independent kernel term for poly and sigmoid.
    public let coef0: Double
    /// Solver tolerance.
    public let tolerance: Double
    /// Whether libsvm uses its shrinking heuristic.
    public let shrinking: Bool
    /// Kernel cache in MB.
    public let cacheSizeMB: Double
    /// Scale of `score`.
    public let scoreScale: ScoreScale
    private var model: LibSVMModel?

    /// An unfitted detector; defaults are PyOD's (the `default...` constants above).
    public init(kernel: Kernel = OneClassSVMDetector.defaultKernel, nu: Double = OneClassSVMDetector.defaultNu,
                gamma: Double? = nil, degree: Int = OneClassSVMDetector.defaultDegree,
                coef0: Double = OneClassSVMDetector.defaultCoef0, tolerance: Double = OneClassSVMDetector.defaultTolerance,
                shrinking: Bool = OneClassSVMDetector.defaultShrinking, cacheSizeMB: Double = OneClassSVMDetector.defaultCacheSizeMB,
                scoreScale: ScoreScale = OneClassSVMDetector.defaultScoreScale) {
        self.kernel = kernel
        self.nu = nu
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.tolerance = tolerance
        self.shrinking = shrinking
        self.cacheSizeMB = cacheSizeMB
        self.scoreScale = scoreScale
    }

    /// Throws `PluginError.badParams` for settings no data can make valid: `log_kernel_sum` with a
    /// kernel other than RBF (whose kernel sums can be negative). `fit` checks this too.
    public func validateSettings() throws {
        if scoreScale == .logKernelSum && kernel != .rbf {
            throw PluginError.badParams("score = log_kernel_sum needs the rbf kernel (kernel = \(kernel.rawValue) can give negative kernel sums)")
        }
    }

    /// Whether `score` is `-log S(x)`: asked for, or `auto` with the RBF kernel.
    public var scoresLogKernelSum: Bool {
        switch scoreScale {
        case .auto: return kernel == .rbf
        case .decision: return false
        case .logKernelSum: return true
        }
    }

    /// Trains the one-class SVM on the rows of `X`.
    ///
    /// - Throws: `PluginError.badParams` when libsvm rejects the settings (e.g. nu outside (0, 1]).
    public func fit(_ X: MatrixView) throws {
        try validateSettings()
        let g = gamma ?? OneClassSVMDetector.autoGamma(columns: X.cols)
        let k: LibSVMKernel
        switch kernel {
        case .linear: k = .linear
        case .poly: k = .polynomial(degree: degree, gamma: g, coef0: coef0)
        case .rbf: k = .rbf(gamma: g)
        case .sigmoid: k = .sigmoid(gamma: g, coef0: coef0)
        }
        var p = LibSVMParameters(type: .oneClass(nu: nu), kernel: k)
        p.tolerance = tolerance
        p.shrinking = shrinking
        p.cacheSizeMB = cacheSizeMB
        p.threads = Parallel.workers
        model = nil
        model = try LibSVMModel(training: X, parameters: p)
    }

    /// Number of support vectors of the fitted model.
    public var supportVectorCount: Int { model?.supportVectorCount ?? 0 }

    /// libsvm's decision value per row (positive inside the learned region).
    public func decisionValues(_ X: MatrixView) -> [Double] {
        guard let model else { preconditionFailure("OCSVM: score before fit") }
        return model.decisionValues(X)
    }

    /// libsvm's offset `rho` (decision value = kernel sum - rho).
    public var rho: Double {
        guard let model else { preconditionFailure("OCSVM: rho before fit") }
        return model.rho
    }

    /// Anomaly score per row: `-log S(x)` or minus the decision value (see `ScoreScale`).
    public func score(_ X: MatrixView) -> [Double] {
        let values = decisionValues(X)
        guard scoresLogKernelSum else { return values.map { -$0 } }
        let rho = self.rho
        return values.map { -Foundation.log(max(rho + $0, Double.leastNonzeroMagnitude)) }
    }
}
