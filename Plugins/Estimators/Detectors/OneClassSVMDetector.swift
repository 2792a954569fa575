import DashostPluginKit

/// One-class SVM outlier detector, as PyOD's `OCSVM` (scikit-learn `OneClassSVM`, libsvm underneath):
/// the score of a row is minus libsvm's decision value, so rows outside the learned support score
/// higher.
public final class OneClassSVMDetector {
    /// Kernel family; coefficients come from `gamma`, `degree` and `coef0`.
    public enum Kernel: String, CaseIterable {
        /// `u . v`.
        case linear
        /// `(gamma u . v + coef0)^degree`.
        case poly
        /// `exp(-gamma |u - v|^2)` (default).
        case rbf
        /// `tanh(gamma u . v + coef0)`.
        case sigmoid
    }

    /// Kernel family.
    public let kernel: Kernel
    /// Upper bound on the share of training rows outside the boundary (default 0.5).
    public let nu: Double
    /// Kernel coefficient; `nil` = `1 / columns` (PyOD's `gamma='auto'`).
    public let gamma: Double?
    /// Polynomial degree (default 3).
    public let degree: Int
    /// Independent kernel term for poly and sigmoid (default 0).
    public let coef0: Double
    /// Solver tolerance (default 1e-3).
    public let tolerance: Double
    /// Whether libsvm uses its shrinking heuristic (default true).
    public let shrinking: Bool
    /// Kernel cache in MB (default 200).
    public let cacheSizeMB: Double
    private var model: LibSVMModel?

    /// An unfitted detector; defaults are PyOD's.
    public init(kernel: Kernel = .rbf, nu: Double = 0.5, gamma: Double? = nil, degree: Int = 3, coef0: Double = 0,
                tolerance: Double = 1e-3, shrinking: Bool = true, cacheSizeMB: Double = 200) {
        self.kernel = kernel
        self.nu = nu
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.tolerance = tolerance
        self.shrinking = shrinking
        self.cacheSizeMB = cacheSizeMB
    }

    /// Trains the one-class SVM on the rows of `X`.
    ///
    /// - Throws: `PluginError.badParams` when libsvm rejects the settings (e.g. nu outside (0, 1]).
    public func fit(_ X: MatrixView) throws {
        let g = gamma ?? 1 / Double(X.cols)
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

    /// Anomaly score per row: minus the decision value.
    public func score(_ X: MatrixView) -> [Double] {
        decisionValues(X).map { -$0 }
    }
}
