import DashostCore

/// `dashost check PLUGIN.so`: the conformance suite for the plugin's kind.
enum CheckCommand: Command {
    static let params = Option.value("params", "JSON", help: "plugin params (a JSON object) for the instances the checks create",
                                     default: .value("{}"))

    static let table = CommandTable(
        command: "check", summary: "Run the conformance checks for the plugin's kind; one PASS/FAIL line per check.",
        positionals: [Positional(placeholder: "PLUGIN.so", help: "the plugin library to check")],
        options: [params])

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let params = args.value(Self.params)!
        _ = try OptionValues.jsonObject(params, option: Self.params.name)
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
