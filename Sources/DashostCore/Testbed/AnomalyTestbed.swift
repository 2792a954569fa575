import Foundation
import Glibc

/// A synthetic anomaly-type testbed after ADBench's generator (the LLM-DAS paper's Appendix 6.15):
/// normal rows drawn from a model of a data set's normal rows, and anomalies of one `AnomalyType`.
///
/// - *local*, *clustered*, *global*: the normals come from a `GaussianMixture` (full covariances,
///   1-9 components by BIC) fitted to the data set's normal rows. *Local* anomalies come from the same
///   mixture with every covariance times `alpha` (5); *clustered* ones from the mixture with every mean
///   times `alpha` (covariances unchanged); *global* ones are uniform per feature in the box
///   `[min - 0.1 |min|, max + 0.1 |max|]` of the synthetic normals' feature range. That is ADBench's
///   `[1.1 min, 1.1 max]` whenever `min <= 0 <= max`; where ADBench's formula would cut into the
///   normals' range (`min > 0` makes `1.1 min > min`, `max < 0` makes `1.1 max < max`) the bound moves
///   outward by 10 % of its magnitude instead, so the box always contains the normals' range. (A
///   feature in [0, 1] gets [0, 1.1], as in ADBench; a constant feature c stays in [c - 0.1|c|, c + 0.1|c|].)
/// - *dependency*: the normals come from a `GaussianCopula` fitted to the normal rows (a stand-in
///   for ADBench's vine copula), the anomalies from the independent per-feature empirical marginals.
///
/// Counts: as many synthetic normals as the data set has normal rows (label 0, at least 2 needed),
/// and as many anomalies as it has anomalies (label 1), at least 1. Order: all normals first, then
/// all anomalies (as ADBench concatenates them); nothing is shuffled. Everything is reproducible from
/// the seed: the fit of `k` mixture components is seeded by the seed and `k`, the draws by one stream
/// seeded from the seed.
public struct AnomalyTestbed: Sendable {
    /// ADBench's `alpha`: the covariance factor of *local* anomalies and the mean factor of *clustered* ones.
    public static let alpha = 5.0
    /// ADBench's `percentage`: the *global* box widens each bound by this fraction of its magnitude.
    public static let globalWidening = 0.1

    /// The anomaly type.
    public let type: AnomalyType
    /// Normals then anomalies, one row each.
    public let features: DataMatrix
    /// 0 for the normal rows, 1 for the anomalies, in row order.
    public let labels: [Double]
    /// The number of synthetic normal rows (the first rows).
    public let normalCount: Int
    /// The number of anomalies (the last rows).
    public let anomalyCount: Int
    /// The mixture the normals came from (nil for *dependency*).
    public let mixture: GaussianMixture?
    /// Each candidate component count's BIC (empty for *dependency*).
    public let bicCandidates: [GaussianMixture.Candidate]
    /// The *global* anomalies' box, per feature (nil for the other types).
    public let globalBox: [(low: Double, high: Double)]?

    /// The testbed of `type` for `dataset` (read from `path`, named in errors): its label-0 rows are
    /// the normal rows the model is fitted to.
    public static func generate(from dataset: Dataset, path: String, type: AnomalyType, seed: UInt64) throws -> AnomalyTestbed {
        guard let labels = dataset.labels else { throw TestbedError.noLabels(path: path) }
        let normalRows = labels.indices.filter { labels[$0] == 0 }
        guard normalRows.count >= 2 else { throw TestbedError.tooFewNormalRows(path: path, count: normalRows.count) }
        let anomalies = anomalyCount(datasetAnomalies: labels.count - normalRows.count)
        do {
            return try generate(normals: dataset.features.selecting(rows: normalRows), anomalyCount: anomalies, type: type, seed: seed)
        } catch let error as GaussianMixture.FitError {
            throw TestbedError.fit(path: path, detail: "fitting the normal rows: \(error)")
        }
    }

    /// The count rule: as many anomalies as the data set has, at least 1.
    public static func anomalyCount(datasetAnomalies: Int) -> Int { max(1, datasetAnomalies) }

    /// The testbed of `type` from the normal rows `normals` (at least 2): `normals.rows` synthetic
    /// normals, then `anomalyCount` anomalies.
    public static func generate(normals: DataMatrix, anomalyCount: Int, type: AnomalyType, seed: UInt64) throws -> AnomalyTestbed {
        precondition(normals.rows >= 2 && anomalyCount >= 0, "AnomalyTestbed: \(normals.rows) normal rows, \(anomalyCount) anomalies")
        var random = RandomStream(seed: seed ^ 0x7E57_BED0_A40D_A11E)
        let n = normals.rows, d = normals.cols
        var mixture: GaussianMixture?
        var candidates: [GaussianMixture.Candidate] = []
        var box: [(low: Double, high: Double)]?
        let synthetic: DataMatrix, anomalies: DataMatrix
        switch type {
        case .local, .clustered, .global:
            let (model, bics) = try GaussianMixture.fitSelectingByBIC(normals, seed: seed)
            mixture = model
            candidates = bics
            synthetic = try model.sample(count: n, random: &random).rows
            switch type {
            case .local:
                anomalies = try model.scalingCovariances(by: alpha).sample(count: anomalyCount, random: &random).rows
            case .clustered:
                anomalies = try model.scalingMeans(by: alpha).sample(count: anomalyCount, random: &random).rows
            default:
                let bounds = globalBounds(synthetic)
                box = bounds
                var values = [Double](repeating: 0, count: anomalyCount * d)
                for i in 0..<anomalyCount {
                    for j in 0..<d {
                        values[i * d + j] = bounds[j].low + random.uniform() * (bounds[j].high - bounds[j].low)
                    }
                }
                anomalies = DataMatrix(rows: anomalyCount, cols: d, values: values)
            }
        case .dependency:
            let copula = GaussianCopula(fitting: normals)
            synthetic = try copula.sample(count: n, random: &random)
            anomalies = copula.sampleIndependent(count: anomalyCount, random: &random)
        }
        return AnomalyTestbed(type: type, features: synthetic.stacking(anomalies),
                              labels: [Double](repeating: 0, count: n) + [Double](repeating: 1, count: anomalyCount),
                              normalCount: n, anomalyCount: anomalyCount, mixture: mixture, bicCandidates: candidates,
                              globalBox: box)
    }

    /// The *global* box of each feature of `x`: `[min - 0.1 |min|, max + 0.1 |max|]`.
    public static func globalBounds(_ x: DataMatrix) -> [(low: Double, high: Double)] {
        (0..<x.cols).map { j in
            var low = Double.infinity, high = -Double.infinity
            for i in 0..<x.rows {
                low = min(low, x.values[i * x.cols + j])
                high = max(high, x.values[i * x.cols + j])
            }
            return (low - globalWidening * abs(low), high + globalWidening * abs(high))
        }
    }

    /// The arrays of the `.npz`: `X` (rows x features, float64) and `y` (float64 0/1).
    public var arrays: [NpzWriter.Array] {
        [NpzWriter.Array(name: "X", shape: [features.rows, features.cols], values: features.values),
         NpzWriter.Array(name: "y", shape: [labels.count], values: labels)]
    }

    /// Writes `X` and `y` to `path` atomically (`NpzWriter.write`).
    public func write(to path: String) throws {
        try NpzWriter.write(arrays, to: path)
    }

    /// Checks, before any work, that `path` can take the output: not the data file `input`, not a
    /// directory / FIFO / device, in an existing folder this process may write.
    public static func checkOutput(_ path: String, input: String) throws {
        _ = try OutputTarget.resolve(path)
        if let out = OutputTarget.identity(path), let data = OutputTarget.identity(input), out == data {
            throw TestbedError.outputIsInput(path: path)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw TestbedError.outputFolder(path: path, detail: "the folder \(folder) does not exist")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw TestbedError.outputFolder(path: path, detail: "\(folder) is not a folder")
        }
        guard access(folder, W_OK) == 0 else {
            throw TestbedError.outputFolder(path: path, detail: "the folder \(folder) is not writable (\(String(cString: strerror(errno))))")
        }
    }
}
