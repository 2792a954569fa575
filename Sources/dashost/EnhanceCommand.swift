import DashostCore
import Foundation

/// `dashost enhance`: the standard graph from the registry, on one data file.
enum EnhanceCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: ["verbose", "print-pipeline"])
        let registry = try CommandLineInterface.registry(&args)
        var standard = StandardPipeline(detector: try args.required("detector"), data: try args.required("data"),
                                        label: args.value("label"))
        standard.policy = args.value("policy")
        standard.classifier = args.value("classifier")
        standard.fusion = args.value("fusion")
        if let lambda = args.value("lambda") {
            guard let value = Double(lambda), value.isFinite, value >= 0 else {
                throw UsageError(message: "--lambda must be a non-negative number, got '\(lambda)'")
            }
            standard.params["fusion"] = "{\"weights\": {\"classifier\": \(value)}}"
        }
        if let ratio = args.value("ratio") {
            guard let value = Double(ratio), value > 0, value <= 100 else {
                throw UsageError(message: "--ratio must be a number in (0, 100], got '\(ratio)'")
            }
            standard.ratio = value
        }
        if let seed = args.value("seed") {
            guard let value = UInt64(seed) else { throw UsageError(message: "--seed must be a non-negative integer, got '\(seed)'") }
            standard.seed = value
        }
        if let chunk = args.value("chunk-rows") {
            guard let value = Int(chunk), value >= 1 else { throw UsageError(message: "--chunk-rows must be a positive integer, got '\(chunk)'") }
            standard.chunkRows = value
        } else if standard.data.lowercased().hasSuffix(".npz"),
                  let size = (try? FileManager.default.attributesOfItem(atPath: standard.data))?[.size] as? Int, size > 64 << 20 {
            standard.chunkRows = 65_536
        }
        standard.scoresPath = args.value("out")
        standard.metricsPath = args.value("metrics")
        let verbose = args.flag("verbose")
        let printOnly = args.flag("print-pipeline")
        try args.rejectUnknown()
        if printOnly {
            let data = try JSONSerialization.data(withJSONObject: standard.json(registry: registry),
                                                  options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return 0
        }
        let pipeline = try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry)
        try RunCommand.execute(pipeline, outputFolder: nil, verbose: verbose)
        if !standard.hasLabels && standard.scoresPath == nil {
            print("(no labels: pass --out FILE.csv to keep the scores)")
        }
        return 0
    }
}
