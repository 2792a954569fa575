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

    /// The setting as the `gamma` param writes it: "scale", "auto" or the number.
    public var paramText: String {
        switch self {
        case .scale: return "scale"
        case .auto: return "auto"
        case .value(let g): return "\(g)"
        }
    }

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

/// Platt's sigmoid `P(class 1 | f) = 1 / (1 + exp(A f + B))` fitted on decision values `f`, with
/// the algorithm of Lin, Lin & Weng (2007) exactly as libsvm's `sigmoid_train` implements it: Newton's
/// method with backtracking line search on the cross-entropy against smoothed targets
/// (`(N+ + 1) / (N+ + 2)` for positives, `1 / (N- + 2)` for negatives).
public struct PlattSigmoid: Equatable {
    /// Slope (negative when larger decision values mean class 1).
    public var A: Double
    /// Offset.
    public var B: Double

    /// A sigmoid with given coefficients.
    public init(A: Double, B: Double) {
        self.A = A
        self.B = B
    }

    /// Fits the sigmoid to `decisionValues` and their 0/1 `labels` (non-zero = class 1).
    public init(fitting decisionValues: [Double], labels: [Double]) {
        precondition(decisionValues.count == labels.count, "PlattSigmoid: \(decisionValues.count) values for \(labels.count) labels")
        let f = decisionValues
        let l = f.count
        var prior1 = 0.0, prior0 = 0.0
        for y in labels { if y != 0 { prior1 += 1 } else { prior0 += 1 } }
        let maxIterations = 100, minStep = 1e-10, sigma = 1e-12, eps = 1e-5
        let hiTarget = (prior1 + 1) / (prior1 + 2), loTarget = 1 / (prior0 + 2)
        let t = labels.map { $0 != 0 ? hiTarget : loTarget }
        var A = 0.0, B = Foundation.log((prior0 + 1) / (prior1 + 1))

        func objective(_ A: Double, _ B: Double) -> Double {
            var value = 0.0
            for i in 0..<l {
                let fApB = f[i] * A + B
                if fApB >= 0 { value += t[i] * fApB + Foundation.log(1 + Foundation.exp(-fApB)) }
                else { value += (t[i] - 1) * fApB + Foundation.log(1 + Foundation.exp(fApB)) }
            }
            return value
        }
        var fval = objective(A, B)
        for _ in 0..<maxIterations {
            var h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0
            for i in 0..<l {
                let fApB = f[i] * A + B
                let p: Double, q: Double
                if fApB >= 0 {
                    let e = Foundation.exp(-fApB)
                    p = e / (1 + e); q = 1 / (1 + e)
                } else {
                    let e = Foundation.exp(fApB)
                    p = 1 / (1 + e); q = e / (1 + e)
                }
                let d2 = p * q
                h11 += f[i] * f[i] * d2
                h22 += d2
                h21 += f[i] * d2
                let d1 = t[i] - p
                g1 += f[i] * d1
                g2 += d1
            }
            if abs(g1) < eps && abs(g2) < eps { break }
            let det = h11 * h22 - h21 * h21
            let dA = -(h22 * g1 - h21 * g2) / det
            let dB = -(-h21 * g1 + h11 * g2) / det
            let gd = g1 * dA + g2 * dB
            var step = 1.0
            while step >= minStep {
                let newA = A + step * dA, newB = B + step * dB
                let newF = objective(newA, newB)
                if newF < fval + 0.0001 * step * gd {
                    A = newA; B = newB; fval = newF
                    break
                }
                step /= 2
            }
            if step < minStep { break }  // line search failed; keep the last iterate, as libsvm does
        }
        self.A = A
        self.B = B
    }

    /// P(class 1) for decision value `f` (libsvm's `sigmoid_predict`, stable for either sign).
    @inlinable public func probability(_ f: Double) -> Double {
        let fApB = f * A + B
        if fApB >= 0 {
            let e = Foundation.exp(-fApB)
            return e / (1 + e)
        }
        return 1 / (1 + Foundation.exp(fApB))
    }
}

/// A C-SVC binary classifier with Platt-scaled probabilities (scikit-learn's `SVC(probability=True)`),
/// built on `LibSVMModel`, that also provides held-out probabilities of its training rows.
///
/// libsvm's `probability=1` fits Platt's sigmoid on decision values from an internal 5-fold
/// cross-validation (5 extra trainings, folds from C `rand()`), and held-out probabilities by
/// cross-fitting that whole procedure would cost 5 x 6 more. This model instead trains, concurrently,
/// the full C-SVC and `folds` plain C-SVCs on stratified folds (6 trainings in all by default): the
/// folds give every training row an out-of-fold decision value, Platt's sigmoid is fitted on those
/// (libsvm's own `sigmoid_train` algorithm, `PlattSigmoid`), `probability` applies it to the full
/// model's decision values, exactly as libsvm's `svm_predict_probability` does for two classes, and
/// `heldOutProbability` applies it to the out-of-fold values. The only differences from libsvm's
/// procedure are the folds (stratified, drawn from the seed: reproducible and independent of the
/// thread count, no `rand()`) and that every fold keeps the full model's gamma (as libsvm's internal
/// cross-validation does; the former held-out path re-resolved gamma "scale" on each fold's rows,
/// which changes it by well under 1 %).
public final class SVMClassifierModel {
    /// The libsvm model trained on every row.
    public let model: LibSVMModel
    /// The gamma actually used (resolved from `settings.gamma` on the training rows).
    public let gamma: Double
    /// Platt's sigmoid, mapping decision values oriented towards class 1 to P(class 1).
    public let sigmoid: PlattSigmoid
    /// Out-of-fold decision value of each training row, oriented so larger means more anomalous.
    public let outOfFoldDecisionValues: [Double]
    /// Held-out P(anomaly) of each training row: the sigmoid of its out-of-fold decision value.
    public var heldOutProbability: [Double] { outOfFoldDecisionValues.map(sigmoid.probability) }
    /// +1 when libsvm's first class is label 1 (its decision values then point towards class 1), else -1.
    private let orientation: Double

    /// Trains on rows `X` with 0/1 `labels` (both classes present).
    ///
    /// - Parameters:
    ///   - folds: number of stratified folds for the out-of-fold decision values (libsvm uses 5 internally).
    ///   - seed: draws the folds; the model is a function of `(X, labels, settings, folds, seed)`.
    /// - Throws: `PluginError.badParams` when libsvm rejects the settings, `.shape` when a class is missing.
    public init(training X: MatrixView, labels: [Double], settings: SVMClassifierSettings = SVMClassifierSettings(),
                folds: Int = CrossFitting.defaultFolds, seed: UInt64) throws {
        guard labels.contains(0), labels.contains(1) else {
            throw PluginError.shape("SVM classifier needs both classes (0 and 1) in its training rows")
        }
        precondition(labels.count == X.rows, "SVMClassifierModel: \(labels.count) labels for \(X.rows) rows")
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
        parameters.shrinking = settings.shrinking

        let n = X.rows
        let k = max(2, min(folds, n))
        // The k + 1 trainings run a core each at a time; they share the cache budget, so the process
        // never holds more kernel cache than one training of `settings.cacheSizeMB` (libsvm's and
        // scikit-learn's memory bound).
        parameters.cacheSizeMB = max(1, settings.cacheSizeMB / Double(min(Parallel.workers, k + 1)))
        var foldStream = SeededGenerator.stream(seed: seed, index: UInt64(1 << 32))
        let fold = CrossFitting.stratifiedFolds(labels: labels, folds: k, seed: foldStream.next())
        // Task 0 trains the full model, task 1 + f trains without fold f and scores fold f.
        var full: LibSVMModel?
        var foldValues = [[Double]](repeating: [], count: k)
        var failures = [Error?](repeating: nil, count: k + 1)
        foldValues.withUnsafeMutableBufferPointer { foldValues in
            failures.withUnsafeMutableBufferPointer { failures in
                withUnsafeMutablePointer(to: &full) { full in
                    Parallel.forEach(k + 1) { task in
                        do {
                            if task == 0 {
                                full.pointee = try LibSVMModel(training: X, labels: labels, parameters: parameters)
                                return
                            }
                            let f = task - 1
                            let test = (0..<n).filter { fold[$0] == f }
                            let train = (0..<n).filter { fold[$0] != f }
                            let trainLabels = train.map { labels[$0] }
                            let hasNormal = trainLabels.contains(0), hasAnomaly = trainLabels.contains { $0 != 0 }
                            if !(hasNormal && hasAnomaly) {
                                // libsvm's convention for a one-class fold: decision value +-1.
                                foldValues[f] = [Double](repeating: hasAnomaly ? 1 : -1, count: test.count)
                                return
                            }
                            let model = try SVMClassifierModel.select(X, train).withView {
                                try LibSVMModel(training: $0, labels: trainLabels, parameters: parameters)
                            }
                            let sign: Double = model.classLabels.first == 1 ? 1 : -1
                            foldValues[f] = SVMClassifierModel.select(X, test).withView { model.decisionValues($0) }.map { sign * $0 }
                        } catch {
                            failures[task] = error
                        }
                    }
                }
            }
        }
        for case let error? in failures { throw error }
        var oof = [Double](repeating: 0, count: n)
        var cursor = [Int](repeating: 0, count: k)
        for i in 0..<n {
            oof[i] = foldValues[fold[i]][cursor[fold[i]]]
            cursor[fold[i]] += 1
        }
        model = full!
        self.gamma = gamma
        orientation = model.classLabels.first == 1 ? 1 : -1
        outOfFoldDecisionValues = oof
        sigmoid = PlattSigmoid(fitting: oof, labels: labels)
    }

    /// Decision values of the rows of `X`, oriented so larger means more anomalous.
    public func decisionValues(_ X: MatrixView) -> [Double] {
        model.decisionValues(X).map { orientation * $0 }
    }

    /// P(anomaly) of every row of `X`: Platt's sigmoid of the full model's decision values.
    public func probability(_ X: MatrixView) -> [Double] {
        decisionValues(X).map(sigmoid.probability)
    }

    /// Held-out P(anomaly) of every training row (see `heldOutProbability`); trains a whole model.
    public static func heldOutProbability(_ X: MatrixView, labels: [Double], settings: SVMClassifierSettings = SVMClassifierSettings(),
                                          folds: Int = 5, seed: UInt64) throws -> [Double] {
        try SVMClassifierModel(training: X, labels: labels, settings: settings, folds: folds, seed: seed).heldOutProbability
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
