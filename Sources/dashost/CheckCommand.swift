import DashostCore
import Foundation

/// `dashost check LIBRARY.so`: the conformance suite for every plugin of a library (or `--plugin
/// NAME`), each check in its own child process, so a crashing plugin fails checks instead of
/// killing `check`.
enum CheckCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: [])
        guard args.positionals.count == 1 else { throw UsageError(message: "check takes exactly one plugin library path") }
        let params = args.value("params") ?? "{}"
        let only = args.value("plugin")
        try args.rejectUnknown()
        guard let executable = PluginSearchPath.executablePath() else {
            throw UsageError(message: "check: cannot find the dashost executable to run checks in child processes")
        }
        let path = URL(fileURLWithPath: args.positionals[0]).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError(message: "check: plugin library '\(path)' not found")
        }
        var passed = 0, failed = 0, skipped = 0
        do {
            _ = try ConformanceRunner.run(library: path, plugin: only, params: params, executable: executable) { report in
                print("checking \(report.name) \(report.version) (\(report.kind), ABI \(report.abi)) from \(path)")
                for result in report.results {
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
