import DashostEstimators
import DashostPluginKit

/// The `ocsvm` detector plugin: PyOD's `OCSVM` (scikit-learn `OneClassSVM`, i.e. libsvm one-class).
///
/// Params (defaults as PyOD: the `OneClassSVMDetector.default...` constants): `kernel` ("rbf", "linear",
/// "poly", "sigmoid"), `nu` (in (0, 1]), `gamma` (0 = "auto" = 1 / columns), `degree` (poly), `coef0`
/// (poly/sigmoid), `tol`, `shrinking`, `cache_size` (MB), `score` ("auto", the default: -log of the RBF kernel
/// sum, a strictly increasing function of PyOD's score with the same ranking and ties, on a scale that
/// stays informative when the kernel saturates; "decision": PyOD's score, minus libsvm's decision value;
/// "log_kernel_sum": the former, RBF only).
/// Deterministic: the seed is unused.
final class OCSVM: DetectorPlugin {
    private let detector: OneClassSVMDetector

    init(params: PluginParams, seed: UInt64) throws {
        let kernel = try params.choice("kernel", default: OneClassSVMDetector.defaultKernel.rawValue, among: OneClassSVMDetector.Kernel.allCases.map(\.rawValue),
                                       doc: "kernel: rbf exp(-gamma |u - v|^2), linear, poly or sigmoid")
        let nu = try params.double("nu", default: OneClassSVMDetector.defaultNu, in: 1e-12...1,
                                   doc: "upper bound on the fraction of training rows outside the boundary")
        let gamma = try params.double("gamma", default: 0, in: 0...1e12,
                                      doc: "kernel coefficient of rbf, poly and sigmoid; 0 = auto = 1 / number of columns")
        let degree = try params.int("degree", default: OneClassSVMDetector.defaultDegree, in: 0...100, doc: "degree of the poly kernel")
        let coef0 = try params.double("coef0", default: OneClassSVMDetector.defaultCoef0, doc: "constant term of the poly and sigmoid kernels")
        let tol = try params.double("tol", default: OneClassSVMDetector.defaultTolerance, in: 1e-15...1e3, doc: "libsvm's stopping tolerance")
        let shrinking = try params.bool("shrinking", default: OneClassSVMDetector.defaultShrinking, doc: "use libsvm's shrinking heuristic")
        let cache = try params.double("cache_size", default: OneClassSVMDetector.defaultCacheSizeMB, in: 1...1_000_000, doc: "libsvm's kernel cache, in MB")
        let scale = try params.choice("score", default: OneClassSVMDetector.defaultScoreScale.rawValue, among: OneClassSVMDetector.ScoreScale.allCases.map(\.rawValue),
                                      doc: "score scale: decision (PyOD's, minus the decision value), log_kernel_sum (-log of the RBF kernel sum, same ranking), auto (log_kernel_sum for rbf, else decision)")
        detector = OneClassSVMDetector(kernel: OneClassSVMDetector.Kernel(rawValue: kernel)!, nu: nu,
                                       gamma: gamma == 0 ? nil : gamma, degree: degree, coef0: coef0,
                                       tolerance: tol, shrinking: shrinking, cacheSizeMB: cache,
                                       scoreScale: OneClassSVMDetector.ScoreScale(rawValue: scale)!)
        try detector.validateSettings()
    }

    func fit(_ X: MatrixView) throws {
        try detector.fit(X)
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        let scores = detector.score(X)
        for i in 0..<out.count { out[i] = scores[i] }
    }
}
