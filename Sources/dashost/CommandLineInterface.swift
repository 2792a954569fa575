import DashostCore
import Foundation

/// Dispatches `dashost <command> ...` to the command implementations.
enum CommandLineInterface {
    static let usage = """
    dashost \(DashostVersion.string) (plugin ABI \(ABIVersion.string)): hard synthetic anomalies make anomaly detectors stronger.

    Usage:
      dashost plugins  [--registry FILE]... [--plugin-path DIR]...
            List every registered plugin and whether it loads.
      dashost run PIPELINE.json [--registry FILE] [--plugin-path DIR]... [--out DIR] [--verbose]
            Validate and run a pipeline graph; print AUC-PR / AUC-ROC of its evaluate nodes.
      dashost enhance --detector NAME --data FILE [--label NAME] [--policy NAME] [--classifier NAME]
                      [--fusion NAME] [--lambda X] [--ratio X] [--seed N] [--out SCORES.csv] [--metrics FILE.json]
                      [--chunk-rows N]
            Run the standard graph (detector, its registered policy, classifier, fusion) on a data file.
      dashost check LIBRARY.so [--plugin NAME] [--params JSON]
            Run the conformance checks of every plugin in a library, each in a child process; one
            PASS/FAIL/SKIP line per check.
      dashost describe NAME
            Print a registered detector's algorithm description (what the LLM step reads) and policy.
      dashost bench --data DIR [--detectors a,b] [--configs base,enhanced,...] [--seeds 42,0,100]
                    [--datasets a,b] [--detector-params NAME={json}]... --out DIR [--quiet]
            Run the paper's benchmark over a folder of data sets; resumable (see docs/benchmark.md).
      dashost help | --version

    The registry is every --registry FILE (merged), else $DASHOST_REGISTRY (colon-separated), else
    ./registry.json, else the registry.json of the dashost checkout the executable was built in.
    Plugin libraries are searched in the declaring registry's folder, each --plugin-path, each
    $DASHOST_PLUGIN_PATH entry, then the executable's folder.
    """

    static func run(_ raw: [String]) throws -> Int32 {
        guard let command = raw.first else {
            print(usage)
            return 2
        }
        let rest = Array(raw.dropFirst())
        switch command {
        case "help", "--help", "-h": print(usage); return 0
        case "--version", "version": print("dashost \(DashostVersion.string) (plugin ABI \(ABIVersion.string))"); return 0
        case "plugins": return try PluginsCommand.run(rest)
        case "run": return try RunCommand.run(rest)
        case "enhance": return try EnhanceCommand.run(rest)
        case "check": return try CheckCommand.run(rest)
        case "describe": return try DescribeCommand.run(rest)
        case "bench": return try BenchCommand.run(rest)
        case ConformanceRunner.childCommand: return ConformanceRunner.child(rest.first ?? "")
        default: throw UsageError(message: "unknown command '\(command)'")
        }
    }

    /// Opens the registry named by the usual options and environment.
    static func registry(_ args: inout Arguments, strict: Bool = true) throws -> Registry {
        let extra = args.all("plugin-path")
        let files = try RegistryLocator.locate(explicit: args.all("registry"))
        return try Registry(files: files, extraPluginPaths: extra, strict: strict)
    }
}
