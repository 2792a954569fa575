import DashostCore
import Foundation

/// `dashost bench`: the paper's benchmark over a folder of data sets.
enum BenchCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: ["quiet"])
        let registry = try CommandLineInterface.registry(&args)
        let data = try args.required("data")
        let out = try args.required("out")
        let detectors = list(args.value("detectors")) ?? registry.entries.filter { $0.kind == .detector }.map(\.name)
        let configs = try (list(args.value("configs")) ?? ["base", "enhanced"]).map(BenchConfig.init)
        let seeds = try (list(args.value("seeds")) ?? ["42", "0", "100"]).map { text -> UInt64 in
            guard let seed = UInt64(text) else { throw UsageError(message: "--seeds takes non-negative integers, got '\(text)'") }
            return seed
        }
        let datasets = list(args.value("datasets")) ?? []
        var detectorParams: [String: String] = [:]
        for item in args.all("detector-params") {
            guard let eq = item.firstIndex(of: "="), item[item.index(after: eq)...].hasPrefix("{") else {
                throw UsageError(message: "--detector-params takes NAME={json object}, got '\(item)'")
            }
            detectorParams[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        let quiet = args.flag("quiet")
        try args.rejectUnknown()
        var runner = BenchRunner(dataFolder: data, detectors: detectors, configs: configs, seeds: seeds, outFolder: out)
        runner.datasets = datasets
        runner.detectorParams = detectorParams
        if !quiet { runner.progress = { FileHandle.standardError.write(Data("\($0)\n".utf8)) } }
        _ = try runner.run(registry: registry)
        print("wrote \(out)/runs.csv and \(out)/summary.md")
        return 0
    }

    private static func list(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}
