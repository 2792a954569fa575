import DashostCore

/// `dashost check PLUGIN.so`: the conformance suite for the plugin's kind.
enum CheckCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: [])
        guard args.positionals.count == 1 else { throw UsageError(message: "check takes exactly one plugin library path") }
        let params = args.value("params") ?? "{}"
        try args.rejectUnknown()
        let (library, results) = try ConformanceSuite.run(path: args.positionals[0], params: params)
        print("checking \(library.name) \(library.version) (\(library.kind.rawValue)) from \(library.path)")
        for result in results {
            print("\(result.passed ? "PASS" : "FAIL")  \(result.name)\(result.detail.isEmpty ? "" : ": \(result.detail)")")
        }
        let failed = results.filter { !$0.passed }.count
        print("check: \(results.count - failed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
