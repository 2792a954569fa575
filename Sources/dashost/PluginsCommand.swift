import DashostCore

/// `dashost plugins`: every registered name, its library, its pairing, and whether it loads with
/// its registry params (checked against the plugin's schema); problems name the file and entry.
enum PluginsCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: [])
        let registry = try CommandLineInterface.registry(&args, strict: false)
        try args.rejectUnknown()
        print("registry: \(registry.file)")
        let table = registry.entries.map { entry -> [String] in
            var pairing = entry.policy.map { "policy=\($0)" } ?? ""
            if let base = entry.preset { pairing = "preset of \(base)" + (pairing.isEmpty ? "" : ", \(pairing)") }
            return [entry.name, entry.kind.rawValue, entry.version, pairing, "ok", entry.library]
        }
        print(TextTable.render(header: ["name", "kind", "version", "pairing", "status", "library"], rows: table))
        for problem in registry.problems { print("FAILED: \(problem)") }
        print("\(registry.entries.count) plugins load, \(registry.problems.count) problems")
        return registry.problems.isEmpty ? 0 : 1
    }
}
