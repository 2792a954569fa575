import DashostCore
import Foundation

/// `dashost awareness`: what a policy's synthetic rows are (how hard, how far, how learnable), per data
/// set, detector, configuration and seed, beside the run's AUC-PRs (issue 19; `SyntheticRowMeasures`).
/// Each run is the bench's standard graph for that configuration, so the rows are the ones the bench
/// trains on.
enum AwarenessCommand: Command {
    static let data = Option.value("data", "DIR", help: "the folder of data sets (.npz / .mat with arrays X, y)", required: true)
    static let out = Option.value("out", "FILE.csv", help: "the measures, one line per run; rerunning skips the runs it holds",
                                  required: true)
    static let detectors = Option.value("detectors", "NAME,...", help: "the detectors", default: .note("every registered detector"))
    static let configs = Option.value("configs", "CONFIG,...", help: "enhancing configurations, as bench takes them",
                                      default: .value("enhanced,gaussian,uniform,smote"))
    static let seeds = Option.value("seeds", "N,...", help: "the pipeline seeds", default: .value("42"))
    static let datasets = Option.value("datasets", "NAME,...", help: "the data sets, by file name without extension",
                                       default: .note("every data set in --data"))
    static let policyParams = Option.value("policy-params", "JSON",
                                           help: "params (a JSON object) over the registry's for the policy of every run")
    static let tag = Option.value("tag", "TEXT", help: "the variant column of every line (names a --policy-params variant)",
                                  default: .value("default"))

    static let table = CommandTable(
        command: "awareness",
        summary: "Measure synthetic rows: detector-score percentiles, nearest-row distances, out-of-bag separability.",
        options: [data, detectors, configs, seeds, datasets, policyParams, tag, out],
        groups: [RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let outPath = args.required(out)
        let variant = args.value(tag)!
        let detectors = OptionValues.list(args.value(Self.detectors))
            ?? registry.entries.filter { $0.kind == .detector }.map(\.name)
        let configs = try OptionValues.list(args.value(Self.configs))!.map { try BenchConfig($0, aliases: BenchAliases.builtIn) }
        guard configs.allSatisfy(\.enhance) else { throw UsageError(message: "--configs: awareness measures enhancing configurations only") }
        let seeds = try OptionValues.list(args.value(Self.seeds))!.map { text -> UInt64 in
            guard let seed = UInt64(text) else { throw UsageError(message: "--seeds takes non-negative integers, got '\(text)'") }
            return seed
        }
        let extraPolicyParams = try args.value(policyParams).map { try OptionValues.jsonText(OptionValues.jsonObject($0, option: "policy-params")) }
        var lister = BenchRunner(dataFolder: args.required(data), detectors: detectors, configs: configs, seeds: seeds, outFolder: "")
        lister.datasets = OptionValues.list(args.value(datasets)) ?? []
        let files = try lister.dataFiles()

        let header = "dataset,detector,config,variant,seed," + SyntheticRowMeasures.header
        var done = Set<String>()
        if let text = try? String(contentsOfFile: outPath, encoding: .utf8) {
            for line in text.split(separator: "\n").dropFirst() {
                done.insert(line.split(separator: ",").prefix(5).joined(separator: ","))
            }
        } else {
            try (header + "\n").write(toFile: outPath, atomically: true, encoding: .utf8)
        }
        guard let handle = FileHandle(forWritingAtPath: outPath) else { throw UsageError(message: "cannot write '\(outPath)'") }
        handle.seekToEndOfFile()
        for seed in seeds {
            for detector in detectors {
                for config in configs {
                    for file in files {
                        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                        let key = [name, detector, config.name, variant, "\(seed)"].joined(separator: ",")
                        guard !done.contains(key) else { continue }
                        var standard = try config.pipeline(detector: detector, data: file, seed: seed, registry: registry)
                        if let extraPolicyParams { standard.params["policy"] = extraPolicyParams }
                        let pipeline = try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry)
                        let result = try PipelineRunner().run(pipeline)
                        let params = try JSONDocument.parse(pipeline.nodes["policy"]?.params ?? "{}", source: "policy params")
                        let share = ((params as? [String: Any])?["background_share"] as? NSNumber)?.doubleValue ?? 0
                        let measures = try SyntheticRowMeasures(run: result, backgroundShare: share)
                        handle.write(Data((key + "," + measures.csvFields + "\n").utf8))
                        FileHandle.standardError.write(Data("\(key): \(measures.csvFields)\n".utf8))
                    }
                }
            }
        }
        print("wrote \(outPath)")
        return 0
    }
}
