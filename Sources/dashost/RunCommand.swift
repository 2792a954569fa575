import DashostCore
import Foundation

/// `dashost run PIPELINE.json`: validate, run, print metrics and written files.
enum RunCommand: Command {
    static let out = Option.value("out", "DIR", help: "folder for the write nodes' relative paths",
                                  default: .note("the working directory"))
    static let verbose = Option.flag("verbose", help: "log every node as it starts and finishes (stderr)")

    static let table = CommandTable(
        command: "run", summary: "Validate and run a pipeline graph; print AUC-PR / AUC-ROC of its evaluate nodes.",
        positionals: [Positional(placeholder: "PIPELINE.json", help: "the pipeline graph (docs/pipeline.md)")],
        options: [out, verbose], groups: [IsolationOptions.group, RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let spec = try PipelineSpec(file: args.positionals[0])
        let pipeline = try PipelineValidator.validate(spec, registry: registry, isolation: IsolationOptions.level(args))
        try execute(pipeline, outputFolder: args.value(out), verbose: args.flag(verbose),
                    protected: try CommandLineInterface.registryInputs(args))
        return 0
    }

    /// Runs a validated pipeline and prints its results (shared with `enhance`).
    /// With an output folder, the run holds its lock (`OutputFolderLock`) from start to end. `protected`
    /// lists files the run must not write besides its own inputs (the registry files).
    static func execute(_ pipeline: ValidatedPipeline, outputFolder: String?, verbose: Bool,
                        protected: [(what: String, path: String)]) throws {
        var runner = PipelineRunner()
        runner.protectedInputs = protected
        var lock: OutputFolderLock?
        if let outputFolder {
            lock = try OutputFolderLock(folder: outputFolder, command: "dashost run")
            runner.outputFolder = outputFolder
        }
        defer { withExtendedLifetime(lock) {} }
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
