import DashostCore
import Foundation

/// `dashost testbed`: an ADBench-style anomaly-type testbed (local, global, clustered, dependency)
/// generated from a data set's normal rows, written as an `.npz` with `X` and `y` (docs/experiments.md).
enum TestbedCommand: Command {
    static let data = Option.value("data", "FILE", help: "the data set: .npz or .mat (arrays X, y), or CSV with a header and --label",
                                   required: true)
    static let label = Option.value("label", "NAME", help: "the CSV label column (0 = normal, 1 = anomaly; needed for a CSV)")
    static let type = Option.value("type", "TYPE", help: "the anomaly type: " + AnomalyType.allCases.map(\.rawValue).joined(separator: ", "),
                                   required: true)
    static let seed = Option.value("seed", "N", help: "the seed of the fit and of every draw", default: .value("42"))
    static let out = Option.value("out", "OUT.npz", help: "the testbed: arrays X (float64, rows x features) and y (float64 0/1), "
                                  + "normals first", required: true, short: "o")

    static let table = CommandTable(
        command: "testbed",
        summary: "Generate a synthetic anomaly-type testbed (ADBench's local/global/clustered/dependency) from a data set's normal rows.",
        options: [data, label, type, seed, out],
        notes: """
        The normal rows (label 0) are modelled: a Gaussian mixture (1-9 components by BIC) for local, global
        and clustered, a Gaussian copula with empirical marginals for dependency. The output holds as many
        synthetic normals as the data set has normal rows, then as many anomalies as it has anomalies (at
        least 1): local = the mixture with covariances x5, clustered = means x5, global = uniform in
        [min - 0.1|min|, max + 0.1|max|] of the synthetic normals per feature, dependency = the
        independent per-feature marginals. The same --seed gives the same file, byte for byte.
        """)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let typeText = args.required(type)
        guard let anomalyType = AnomalyType(rawValue: typeText) else {
            throw UsageError(message: "--type must be one of \(AnomalyType.allCases.map(\.rawValue).joined(separator: ", ")), got '\(typeText)'")
        }
        let seedText = args.value(seed)!
        guard let seedValue = UInt64(seedText) else {
            throw UsageError(message: "--seed must be a non-negative integer, got '\(seedText)'")
        }
        let dataPath = args.required(data)
        let outPath = args.required(out)
        try AnomalyTestbed.checkOutput(outPath, input: dataPath)
        let dataset = try DatasetLoader.load(path: dataPath, label: args.value(label))
        let testbed = try AnomalyTestbed.generate(from: dataset, path: dataPath, type: anomalyType, seed: seedValue)
        try testbed.write(to: outPath)
        var line = "\(outPath): \(anomalyType.rawValue) testbed of \(dataset.name), \(testbed.normalCount) normals + "
            + "\(testbed.anomalyCount) anomalies, \(testbed.features.cols) features"
        if let mixture = testbed.mixture {
            line += ", Gaussian mixture of \(mixture.components) component\(mixture.components == 1 ? "" : "s") (by BIC)"
        } else {
            line += ", Gaussian copula"
        }
        print(line)
        return 0
    }
}
