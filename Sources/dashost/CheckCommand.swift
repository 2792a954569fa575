import DashostCore
import Foundation

/// `dashost check LIBRARY.so`: the conformance suite for every plugin of a library (or `--plugin
/// NAME`), each check in its own child process, so a crashing plugin fails checks instead of
/// killing `check`.
enum CheckCommand: Command {
    static let params = Option.value("params", "JSON", help: "plugin params (a JSON object) for the instances the checks create",
                                     default: .value("{}"))
    static let plugin = Option.value("plugin", "NAME", help: "check only this plugin of the library")

    static let table = CommandTable(
        command: "check",
        summary: "Run the conformance checks of every plugin in a library, each in a child process; one PASS/FAIL/SKIP line per check.",
        positionals: [Positional(placeholder: "LIBRARY.so", help: "the plugin library to check")],
        options: [plugin, params])

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let params = args.value(Self.params)!
        _ = try OptionValues.jsonObject(params, option: Self.params.name)
        guard let executable = PluginSearchPath.executablePath() else {
            throw UsageError(message: "check: cannot find the dashost executable to run checks in child processes")
        }
        let path = URL(fileURLWithPath: args.positionals[0]).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError(message: "check: plugin library '\(path)' not found")
        }
        var passed = 0, failed = 0, skipped = 0
        do {
            _ = try ConformanceRunner.run(library: path, plugin: args.value(Self.plugin), params: params,
                                          executable: executable) { event in
                switch event {
                case let .plugin(name, kind, version, abi):
                    print("checking \(name) \(version) (\(kind), ABI \(abi)) from \(path)")
                case let .result(result):
                    print("\(result.outcome.rawValue)  \(result.name)\(result.detail.isEmpty ? "" : ": \(result.detail)")")
                    switch result.outcome {
                    case .pass: passed += 1
                    case .fail: failed += 1
                    case .skip: skipped += 1
                    }
                }
            }
        } catch let error as ConformanceRunner.SetupError where error.isParams {
            throw UsageError(message: "check: \(error.description)")
        }
        print("check: \(passed) passed, \(failed) failed, \(skipped) skipped")
        return failed == 0 ? 0 : 1
    }
}
