import DashostEstimators
import DashostPluginKit

/// The `ecod` detector plugin: PyOD's ECOD with ECDFs fitted on the training rows (plus the scored
/// row itself), so scores are per-row rather than depending on the scored batch as in PyOD.
///
/// Params: `aggregation` ("pyod" = PyOD's element-wise maximum then sum, the default
/// ``DashostEstimators/ECOD/defaultAggregation``;
/// "max_of_sums" = the paper's maximum of the three tail sums); `transductive` (default false):
/// true reproduces PyOD's `decision_function` exactly, refitting the ECDFs and skewness on the
/// training rows plus the whole batch being scored. That makes a row's score depend on its batch
/// (it fails `dashost check`'s batch-equals-row check by design) and lets the scored batch, anomalies
/// included, shape the reference distribution; it exists to compare with PyOD, not for use.
final class ECODPlugin: DetectorPlugin {
    private var model: DashostEstimators.ECOD
    private let aggregation: DashostEstimators.ECOD.Aggregation
    private let transductive: Bool
    private var training: Matrix?

    init(params: PluginParams, seed: UInt64) throws {
        let name = try params.choice("aggregation", default: DashostEstimators.ECOD.defaultAggregation.rawValue,
                                     among: DashostEstimators.ECOD.Aggregation.allCases.map(\.rawValue),
                                     doc: "pyod: per column the largest tail score, summed (PyOD); max_of_sums: the largest of the three tail sums (the paper)")
        aggregation = DashostEstimators.ECOD.Aggregation(rawValue: name)!
        transductive = try params.bool("transductive", default: false,
                                        doc: "refit the ECDFs on the training rows plus the scored batch, exactly as PyOD (scores then depend on the batch)")
        model = DashostEstimators.ECOD(aggregation: aggregation)
    }

    func fit(_ X: MatrixView) throws {
        model.fit(X)
        training = transductive ? Matrix(X) : nil
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        guard transductive, let training else {
            model.score(X, into: out)
            return
        }
        var combined = training.values
        combined.append(contentsOf: X.elements)
        var batchModel = DashostEstimators.ECOD(aggregation: aggregation)
        combined.withUnsafeBufferPointer { all in
            batchModel.fit(MatrixView(data: all.baseAddress!, rows: training.rows + X.rows, cols: X.cols))
        }
        batchModel.score(X, into: out, rowsAreFitted: true)
    }
}
