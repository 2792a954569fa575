import CSVM
import DashostPluginKit
import Foundation

/// A libsvm kernel with its coefficients (libsvm's definitions, as in scikit-learn).
public enum LibSVMKernel {
    /// `u . v`.
    case linear
    /// `(gamma * u . v + coef0)^degree`.
    case polynomial(degree: Int, gamma: Double, coef0: Double)
    /// `exp(-gamma * |u - v|^2)`.
    case rbf(gamma: Double)
    /// `tanh(gamma * u . v + coef0)`.
    case sigmoid(gamma: Double, coef0: Double)
}

/// The kind of SVM libsvm trains.
public enum LibSVMType {
    /// One-class SVM (Schoelkopf): `nu` bounds the share of training rows outside the boundary.
    case oneClass(nu: Double)
    /// C-support vector classification; `classWeights` multiplies `C` for the given integer labels.
    case classification(C: Double, classWeights: [Int: Double] = [:])
}

/// Training settings passed to libsvm; defaults are scikit-learn's.
public struct LibSVMParameters {
    /// One-class or classification.
    public var type: LibSVMType
    /// The kernel.
    public var kernel: LibSVMKernel
    /// Stopping tolerance of the solver (libsvm `eps`, scikit-learn `tol`).
    public var tolerance: Double = 1e-3
    /// Kernel cache size in MB.
    public var cacheSizeMB: Double = 200
    /// Whether the solver uses the shrinking heuristic.
    public var shrinking: Bool = true
    /// Whether to fit libsvm's Platt-scaling probability model (classification only). libsvm draws
    /// its internal cross-validation folds from C `rand()`, so probabilities are only reproducible if
    /// the caller seeds `srand` and no other thread uses `rand` meanwhile.
    public var probability: Bool = false
    /// Threads filling the kernel columns of a one-class training (the vendored libsvm's
    /// `nr_threads`; classification trains on one thread).
    public var threads: Int = 1

    /// Settings for `type` and `kernel`, everything else at scikit-learn's defaults.
    public init(type: LibSVMType, kernel: LibSVMKernel) {
        self.type = type
        self.kernel = kernel
    }
}

/// A trained libsvm model that owns every C allocation it depends on.
///
/// libsvm's model points into the training problem's node arrays, so those stay allocated, in one
/// contiguous block, for the life of this object and are freed together with the model in `deinit`.
/// Rows are handed to libsvm in its sparse node format (zero entries omitted); the vendored libsvm
/// (`ThirdParty/libsvm`) keeps a dense copy for its kernel evaluations during training, and
/// prediction of one-class and binary models goes through `KernelExpansion`.
/// libsvm's progress printing is silenced process-wide the first time a model is trained.
public final class LibSVMModel {
    /// The C model.
    private var model: UnsafeMutablePointer<svm_model>?
    /// The model's decision function in dense form, for fast prediction (single decision function only).
    private var expansion: KernelExpansion?
    /// All training nodes, row after row, each row ended by an index -1 node.
    private let nodes: UnsafeMutablePointer<svm_node>
    /// Start of each training row in `nodes`.
    private let rowStarts: UnsafeMutablePointer<UnsafeMutablePointer<svm_node>?>
    /// Training targets.
    private let targets: UnsafeMutablePointer<Double>
    /// Class-weight arrays handed to libsvm (kept alive with the model's copy of the parameters).
    private let weightLabels: UnsafeMutablePointer<Int32>?
    private let weights: UnsafeMutablePointer<Double>?
    /// Number of features.
    public let cols: Int
    /// The settings this model was trained with.
    public let parameters: LibSVMParameters

    /// Trains libsvm on the rows of `X`.
    ///
    /// - Parameters:
    ///   - X: training rows.
    ///   - labels: integer-valued class labels, one per row, for classification; ignored (may be nil)
    ///     for one-class.
    ///   - parameters: SVM type, kernel and solver settings.
    /// - Throws: `PluginError.badParams` when libsvm rejects the parameters, `.internalError` when it
    ///   fails to train.
    public init(training X: MatrixView, labels: [Double]? = nil, parameters: LibSVMParameters) throws {
        LibSVMModel.silenceLibSVM()
        self.cols = X.cols
        self.parameters = parameters
        let n = X.rows
        if case .classification = parameters.type {
            guard let labels, labels.count == n else {
                throw PluginError.shape("LibSVMModel: classification needs one label per row")
            }
        }
        var nonZero = 0
        for v in X.elements where v != 0 { nonZero += 1 }
        nodes = .allocate(capacity: nonZero + n)
        rowStarts = .allocate(capacity: n)
        targets = .allocate(capacity: n)
        var at = 0
        for i in 0..<n {
            rowStarts[i] = nodes + at
            at += LibSVMModel.writeNodes(X.row(i), into: nodes + at)
        }
        if case .classification = parameters.type, let labels {
            for i in 0..<n { targets[i] = labels[i] }
        } else {
            targets.initialize(repeating: 1, count: n)
        }

        var param = svm_parameter()
        param.cache_size = parameters.cacheSizeMB
        param.eps = parameters.tolerance
        param.shrinking = parameters.shrinking ? 1 : 0
        param.probability = parameters.probability ? 1 : 0
        param.nr_threads = Int32(max(1, parameters.threads))
        param.C = 1
        param.nu = 0.5
        param.p = 0.1
        switch parameters.kernel {
        case .linear:
            param.kernel_type = Int32(LINEAR)
        case let .polynomial(degree, gamma, coef0):
            param.kernel_type = Int32(POLY); param.degree = Int32(degree); param.gamma = gamma; param.coef0 = coef0
        case let .rbf(gamma):
            param.kernel_type = Int32(RBF); param.gamma = gamma
        case let .sigmoid(gamma, coef0):
            param.kernel_type = Int32(SIGMOID); param.gamma = gamma; param.coef0 = coef0
        }
        var weightLabels: UnsafeMutablePointer<Int32>? = nil
        var weights: UnsafeMutablePointer<Double>? = nil
        switch parameters.type {
        case let .oneClass(nu):
            param.svm_type = Int32(ONE_CLASS); param.nu = nu
        case let .classification(C, classWeights):
            param.svm_type = Int32(C_SVC); param.C = C
            if !classWeights.isEmpty {
                let sorted = classWeights.sorted { $0.key < $1.key }
                weightLabels = .allocate(capacity: sorted.count)
                weights = .allocate(capacity: sorted.count)
                for (t, entry) in sorted.enumerated() {
                    weightLabels![t] = Int32(entry.key)
                    weights![t] = entry.value
                }
                param.nr_weight = Int32(sorted.count)
                param.weight_label = weightLabels
                param.weight = weights
            }
        }
        self.weightLabels = weightLabels
        self.weights = weights

        var problem = svm_problem(l: Int32(n), y: targets, x: rowStarts)
        if let message = svm_check_parameter(&problem, &param) {
            // Every stored property is set, so `deinit` runs on this throw and frees the buffers.
            let text = String(cString: message)
            throw PluginError.badParams("libsvm rejected the parameters: \(text)")
        }
        guard let trained = svm_train(&problem, &param) else {
            throw PluginError.internalError("libsvm failed to train")
        }
        // The solver's kernel cache (up to `cacheSize` MB in thousands of column blocks) is free now,
        // but glibc keeps freed blocks of a fragmented heap resident; what follows (the policy's
        // scoring, the classifier) would then add to them rather than reuse them. Hand them back.
        dashost_release_free_memory()
        model = trained
        if trained.pointee.nr_class == 2 {
            expansion = KernelExpansion(model: trained, cols: cols, kernel: parameters.kernel)
        }
    }

    deinit {
        if model != nil { svm_free_and_destroy_model(&model) }
        freeBuffers()
    }

    private func freeBuffers() {
        nodes.deallocate(); rowStarts.deallocate(); targets.deallocate()
        weightLabels?.deallocate(); weights?.deallocate()
    }

    /// The offset `rho` of the (first) decision function: `decisionValues = kernel sum - rho`.
    public var rho: Double { model!.pointee.rho[0] }

    /// Number of support vectors.
    public var supportVectorCount: Int { Int(svm_get_nr_sv(model)) }

    /// The class labels in libsvm's internal order (order of first appearance in training);
    /// the decision value is positive for `classLabels[0]`. Empty for one-class.
    public var classLabels: [Int] {
        guard case .classification = parameters.type else { return [] }
        let count = Int(svm_get_nr_class(model))
        var out = [Int32](repeating: 0, count: count)
        svm_get_labels(model, &out)
        return out.map(Int.init)
    }

    /// Indices (0-based) of the training rows that became support vectors, in the model's order.
    public var supportVectorIndices: [Int] {
        var out = [Int32](repeating: 0, count: supportVectorCount)
        svm_get_sv_indices(model, &out)
        return out.map { Int($0) - 1 }
    }

    /// libsvm's decision value of every row of `X`: `sum_i coef_i K(sv_i, x) - rho`.
    ///
    /// One-class: positive inside the learned region. Binary classification: the single pairwise
    /// value, positive for `classLabels[0]` (for more classes, the first pairwise value).
    /// One-class and binary models evaluate densely (`KernelExpansion`), others through libsvm.
    public func decisionValues(_ X: MatrixView) -> [Double] {
        precondition(X.cols == cols, "LibSVMModel: \(X.cols) columns, trained on \(cols)")
        if let expansion { return expansion.decisionValues(X) }
        let pairs: Int
        if case .classification = parameters.type {
            let k = Int(svm_get_nr_class(model))
            pairs = max(1, k * (k - 1) / 2)
        } else {
            pairs = 1
        }
        return perRow(X, width: pairs) { model, x, values in
            _ = svm_predict_values(model, x, values)
            return values[0]
        }
    }

    /// Platt-scaled probability of `classLabels[0]` for every row (needs `parameters.probability`).
    public func probabilities(_ X: MatrixView) -> [Double] {
        precondition(parameters.probability && svm_check_probability_model(model) != 0,
                     "LibSVMModel: trained without probability estimates")
        let classes = Int(svm_get_nr_class(model))
        return perRow(X, width: classes) { model, x, values in
            _ = svm_predict_probability(model, x, values)
            return values[0]
        }
    }

    /// Evaluates `body` on each row of `X` in parallel, with per-chunk node and output scratch.
    private func perRow(_ X: MatrixView, width: Int,
                        _ body: (UnsafePointer<svm_model>, UnsafePointer<svm_node>, UnsafeMutablePointer<Double>) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: X.rows)
        let model = UnsafePointer(self.model!)
        let d = cols
        out.withUnsafeMutableBufferPointer { result in
            let result = result.baseAddress!
            Parallel.forChunks(of: X.rows, minimumPerChunk: 16) { range in
                let x = UnsafeMutablePointer<svm_node>.allocate(capacity: d + 1)
                let values = UnsafeMutablePointer<Double>.allocate(capacity: max(1, width))
                defer { x.deallocate(); values.deallocate() }
                for i in range {
                    _ = LibSVMModel.writeNodes(X.row(i), into: x)
                    result[i] = body(model, x, values)
                }
            }
        }
        return out
    }

    /// Writes the non-zero entries of `row` as 1-based libsvm nodes plus the -1 terminator into
    /// `out`; returns the number of nodes written.
    private static func writeNodes(_ row: UnsafeBufferPointer<Double>, into out: UnsafeMutablePointer<svm_node>) -> Int {
        var t = 0
        for (j, v) in row.enumerated() where v != 0 {
            out[t] = svm_node(index: Int32(j + 1), value: v)
            t += 1
        }
        out[t] = svm_node(index: -1, value: 0)
        return t + 1
    }

    /// Installs a no-op print function once, so training does not write to stdout.
    private static let silenced: Void = {
        svm_set_print_string_function { _ in }
    }()

    private static func silenceLibSVM() { _ = silenced }
}
