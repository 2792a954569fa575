import DashostEstimators
import DashostPluginKit

/// The `ecod` detector plugin: PyOD's ECOD with ECDFs fitted on the training rows (plus the scored
/// row itself), so scores are per-row rather than depending on the scored batch as in PyOD.
///
/// Params: `aggregation` ("pyod" = PyOD's element-wise maximum then sum, the default;
/// "max_of_sums" = the paper's maximum of the three tail sums).
final class ECODPlugin: DetectorPlugin {
    private var model: DashostEstimators.ECOD

    init(params: PluginParams, seed: UInt64) throws {
        let name = try params.choice("aggregation", default: DashostEstimators.ECOD.Aggregation.pyod.rawValue,
                                     among: DashostEstimators.ECOD.Aggregation.allCases.map(\.rawValue))
        model = DashostEstimators.ECOD(aggregation: DashostEstimators.ECOD.Aggregation(rawValue: name)!)
    }

    func fit(_ X: MatrixView) throws {
        model.fit(X)
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        model.score(X, into: out)
    }
}

private let descriptor = PluginExport.detector(
    ECODPlugin.self, name: "ecod", version: "1.0.0",
    summary: "ECOD as PyOD (empirical-CDF tail probabilities), per-row ECDFs fitted on the training rows")

@_cdecl("dashost_plugin_entry")
public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
