import DashostCore
import Foundation

/// `dashost run PIPELINE.json`: validate, run, print metrics and written files.
enum RunCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: ["verbose"])
        guard args.positionals.count == 1 else { throw UsageError(message: "run takes exactly one pipeline file") }
        let registry = try CommandLineInterface.registry(&args)
        let out = args.value("out")
        let verbose = args.flag("verbose")
        try args.rejectUnknown()
        let spec = try PipelineSpec(file: args.positionals[0])
        let pipeline = try PipelineValidator.validate(spec, registry: registry)
        try execute(pipeline, outputFolder: out, verbose: verbose)
        return 0
    }

    /// Runs a validated pipeline and prints its results (shared with `enhance`).
    static func execute(_ pipeline: ValidatedPipeline, outputFolder: String?, verbose: Bool) throws {
        var runner = PipelineRunner()
        if let outputFolder {
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
            runner.outputFolder = outputFolder
        }
        HostLog.verbose = verbose
        if verbose { runner.onEvent = { FileHandle.standardError.write(Data("[dashost] \($0)\n".utf8)) } }
        let result = try runner.run(pipeline)
        if !result.metrics.isEmpty {
            let rows = result.metrics.map {
                [$0.dataset, $0.column, String(format: "%.4f", $0.aucpr), String(format: "%.4f", $0.aucroc),
                 "\($0.rows)", "\($0.anomalies)"]
            }
            print(TextTable.render(header: ["dataset", "scores", "AUC-PR", "AUC-ROC", "rows", "anomalies"], rows: rows))
        }
        for file in result.written { print("wrote \(file)") }
    }
}
