import DashostCore
import Foundation

/// `dashost enhance`: the standard graph from the registry, on one data file.
enum EnhanceCommand: Command {
    /// Defaults the standard graph itself carries (shown in the help, never restated).
    private static let defaults = StandardPipeline(detector: "", data: "")

    static let detector = Option.value("detector", "NAME", help: "the detector plugin", required: true)
    static let data = Option.value("data", "FILE", help: "the data: .npz or .mat (arrays X, y), or CSV with a header",
                                   required: true)
    static let label = Option.value("label", "NAME", help: "the CSV label column (without it: no metrics, every row scored)")
    static let policy = Option.value("policy", "NAME", help: "the synthesis policy plugin",
                                     default: .note("the detector's registered policy"))
    static let classifier = Option.value("classifier", "NAME", help: "the enhancement classifier plugin",
                                         default: .note("the registry's default"))
    static let fusion = Option.value("fusion", "NAME", help: "the fusion rule plugin", default: .note("the registry's default"))
    static let lambda = Option.value("lambda", "X", help: "the classifier's weight in the fusion rule (its weights.classifier; "
                                     + "conflicts with one given in --fusion-params)",
                                     default: .note("the fusion rule's own"))
    static let ratio = Option.value("ratio", "X", help: "synthetic anomalies per training row, in (0, 100]",
                                    default: .value("\(defaults.ratio)"))
    static let seed = Option.value("seed", "N", help: "the pipeline seed", default: .value("\(defaults.seed)"))
    static let out = Option.value("out", "SCORES.csv", help: "write the detector, classifier and enhanced scores")
    static let metrics = Option.value("metrics", "FILE.json", help: "write the metrics (needs labels)")
    static let chunkRows = Option.value("chunk-rows", "N", help: "stream an .npz file in chunks of N rows",
                                        default: .note("\(DatasetLoader.streamChunkRows) for .npz files over \(DatasetLoader.streamAboveBytes >> 20) MiB "
                                                      + "uncompressed, else whole"))
    static let detectorParams = Option.value("detector-params", "JSON", help: "params of the detector node (a JSON object)")
    static let policyParams = Option.value("policy-params", "JSON", help: "params of the policy node (a JSON object)")
    static let classifierParams = Option.value("classifier-params", "JSON", help: "params of the classifier node (a JSON object)")
    static let fusionParams = Option.value("fusion-params", "JSON", help: "params of the fusion node (a JSON object)")
    static let printPipeline = Option.flag("print-pipeline", help: "print the pipeline JSON instead of running it")
    static let verbose = Option.flag("verbose", help: "log every node as it starts and finishes (stderr)")

    /// The `--*-params` options by the standard graph's role they configure.
    static let roleParams: [(role: String, option: Option)] = [
        ("detector", detectorParams), ("policy", policyParams), ("classifier", classifierParams), ("fusion", fusionParams),
    ]

    static let table = CommandTable(
        command: "enhance",
        summary: "Run the standard graph (detector, its registered policy, classifier, fusion) on a data file.",
        options: [detector, data, label, policy, classifier, fusion, lambda, ratio, seed, out, metrics, chunkRows,
                  detectorParams, policyParams, classifierParams, fusionParams, printPipeline, verbose],
        groups: [IsolationOptions.group, RegistryOptions.group],
        notes: """
        Each --*-params object is its node's params, over the registry entry's own (node keys win). --lambda X
        sets weights.classifier in the fusion params, keeping the other weights of --fusion-params; giving
        weights.classifier in both is an error.
        """ + "\n\n" + RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        var standard = StandardPipeline(detector: args.required(detector), data: args.required(data), label: args.value(label))
        standard.policy = args.value(policy)
        standard.classifier = args.value(classifier)
        standard.fusion = args.value(fusion)
        standard.params = try nodeParams(args)
        let ratioText = args.value(ratio)!
        guard let ratioValue = Double(ratioText), ratioValue > 0, ratioValue <= 100 else {
            throw UsageError(message: "--ratio must be a number in (0, 100], got '\(ratioText)'")
        }
        standard.ratio = ratioValue
        let seedText = args.value(seed)!
        guard let seedValue = UInt64(seedText) else {
            throw UsageError(message: "--seed must be a non-negative integer, got '\(seedText)'")
        }
        standard.seed = seedValue
        if let chunk = args.value(chunkRows) {
            guard let value = Int(chunk), value >= 1 else {
                throw UsageError(message: "--chunk-rows must be a positive integer, got '\(chunk)'")
            }
            standard.chunkRows = value
        } else {
            standard.chunkRows = DatasetLoader.defaultChunkRows(path: standard.data)
        }
        standard.scoresPath = args.value(out)
        standard.metricsPath = args.value(metrics)
        if args.flag(printPipeline) {
            let data = try JSONSerialization.data(withJSONObject: standard.json(registry: registry),
                                                  options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return 0
        }
        let pipeline = try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry,
                                                      isolation: IsolationOptions.level(args))
        try RunCommand.execute(pipeline, outputFolder: nil, verbose: args.flag(verbose),
                               protected: try CommandLineInterface.registryInputs(args))
        if !standard.hasLabels && standard.scoresPath == nil {
            print("(no labels: pass --out FILE.csv to keep the scores)")
        }
        return 0
    }

    /// The standard graph's params by role: each `--*-params` text as given (checked to be a JSON
    /// object), with `--lambda` merged into the fusion params' `weights`.
    static func nodeParams(_ args: ParsedArguments) throws -> [String: String] {
        var params: [String: String] = [:]
        for (role, option) in roleParams {
            if let text = args.value(option) {
                _ = try OptionValues.jsonObject(text, option: option.name)
                params[role] = text
            }
        }
        if let text = args.value(lambda) {
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw UsageError(message: "--lambda must be a non-negative number, got '\(text)'")
            }
            var fusionObject = try params["fusion"].map { try OptionValues.jsonObject($0, option: fusionParams.name) } ?? [:]
            var weights: [String: Any] = [:]
            if let given = fusionObject["weights"] {
                guard let object = given as? [String: Any] else {
                    throw UsageError(message: "--lambda sets weights.classifier, but the 'weights' of --fusion-params is not an object")
                }
                guard object["classifier"] == nil else {
                    throw UsageError(message: "--lambda and --fusion-params both set weights.classifier: give only one of them")
                }
                weights = object
            }
            weights["classifier"] = value
            fusionObject["weights"] = weights
            params["fusion"] = try OptionValues.jsonText(fusionObject)
        }
        return params
    }
}
