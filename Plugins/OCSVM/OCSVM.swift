import DashostEstimators
import DashostPluginKit

/// The `ocsvm` detector plugin: PyOD's `OCSVM` (scikit-learn `OneClassSVM`, i.e. libsvm one-class).
///
/// Params (defaults as PyOD): `kernel` ("rbf"; also "linear", "poly", "sigmoid"), `nu` (0.5, in
/// (0, 1]), `gamma` (0 = "auto" = 1 / columns), `degree` (3, poly), `coef0` (0, poly/sigmoid),
/// `tol` (1e-3), `shrinking` (true), `cache_size` (200 MB), `score` ("auto": -log of the RBF kernel
/// sum, a strictly increasing function of PyOD's score with the same ranking and ties, on a scale that
/// stays informative when the kernel saturates; "decision": PyOD's score, minus libsvm's decision value;
/// "log_kernel_sum": the former, RBF only).
/// Deterministic: the seed is unused.
final class OCSVM: DetectorPlugin {
    private let detector: OneClassSVMDetector

    init(params: PluginParams, seed: UInt64) throws {
        let kernel = try params.choice("kernel", default: "rbf", among: OneClassSVMDetector.Kernel.allCases.map(\.rawValue))
        let nu = try params.double("nu", default: 0.5, in: 1e-12...1)
        let gamma = try params.double("gamma", default: 0, in: 0...1e12)
        let degree = try params.int("degree", default: 3, in: 0...100)
        let coef0 = try params.double("coef0", default: 0)
        let tol = try params.double("tol", default: 1e-3, in: 1e-15...1e3)
        let shrinking = try params.bool("shrinking", default: true)
        let cache = try params.double("cache_size", default: 200, in: 1...1_000_000)
        let scale = try params.choice("score", default: "auto", among: OneClassSVMDetector.ScoreScale.allCases.map(\.rawValue))
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

private let descriptor = PluginExport.detector(
    OCSVM.self, name: "ocsvm", version: "1.0.0",
    summary: "One-class SVM via libsvm (PyOD defaults: RBF, gamma = 1/d, nu = 0.5)")

@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
