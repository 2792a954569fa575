import DashostCore
import Foundation

/// `dashost bench`: the paper's benchmark over a folder of data sets.
enum BenchCommand: Command {
    static let data = Option.value("data", "DIR", help: "the folder of data sets (.npz / .mat with arrays X, y)", required: true)
    static let out = Option.value("out", "DIR", help: "where runs.csv and summary.md go; rerunning resumes", required: true)
    static let detectors = Option.value("detectors", "NAME,...", help: "the detectors to run",
                                        default: .note("every registered detector"))
    static let configs = Option.value("configs", "CONFIG,...", help: "the configurations (docs/benchmark.md); base is always run",
                                      default: .value("base,enhanced"))
    static let seeds = Option.value("seeds", "N,...", help: "the pipeline seeds", default: .value("42,0,100"))
    static let datasets = Option.value("datasets", "NAME,...", help: "the data sets to run, by file name without extension",
                                       default: .note("every data set in --data"))
    static let detectorParams = Option.repeatable("detector-params", "NAME=JSON",
                                                  help: "params (a JSON object) for detector NAME in every run")
    static let quiet = Option.flag("quiet", help: "no progress lines on stderr")

    static let table = CommandTable(
        command: "bench",
        summary: "Run the paper's benchmark over a folder of data sets; resumable (see docs/benchmark.md).",
        options: [data, detectors, configs, seeds, datasets, detectorParams, out, quiet],
        groups: [IsolationOptions.group, RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let configs = try OptionValues.list(args.value(Self.configs))!.map { try BenchConfig($0, aliases: BenchAliases.builtIn) }
        // A generated: folder brings its own registry fragment (its policies and pairings).
        let registry = try CommandLineInterface.registry(args, extraFragments: configs.compactMap(\.generatedFolder).map(BenchConfig.generatedRegistry))
        let out = args.required(Self.out)
        let detectors = OptionValues.list(args.value(Self.detectors))
            ?? registry.entries.filter { $0.kind == .detector }.map(\.name)
        let seeds = try OptionValues.list(args.value(Self.seeds))!.map { text -> UInt64 in
            guard let seed = UInt64(text) else { throw UsageError(message: "--seeds takes non-negative integers, got '\(text)'") }
            return seed
        }
        var detectorParams: [String: String] = [:]
        for item in args.values(Self.detectorParams) {
            guard let eq = item.firstIndex(of: "=") else {
                throw UsageError(message: "--detector-params takes NAME={json object}, got '\(item)'")
            }
            let json = String(item[item.index(after: eq)...])
            guard (try JSONDocument.parse(json, source: "--detector-params \(item[..<eq])")) is [String: Any] else {
                throw UsageError(message: "--detector-params \(item[..<eq])=...: the params must be a JSON object, got '\(json)'")
            }
            detectorParams[String(item[..<eq])] = json
        }
        var runner = BenchRunner(dataFolder: args.required(data), detectors: detectors, configs: configs, seeds: seeds,
                                 outFolder: out)
        runner.datasets = OptionValues.list(args.value(datasets)) ?? []
        runner.detectorParams = detectorParams
        runner.isolation = IsolationOptions.level(args)
        if !args.flag(quiet) { runner.progress = { FileHandle.standardError.write(Data("\($0)\n".utf8)) } }
        _ = try runner.run(registry: registry)
        print("wrote \(out)/runs.csv and \(out)/summary.md")
        return 0
    }
}
