import DashostCore

/// `dashost plugins`: every registered name, its library, its pairing, and whether it loads with
/// its registry params (checked against the plugin's schema); problems name the file and entry.
enum PluginsCommand: Command {
    static let table = CommandTable(command: "plugins", summary: "List every registered plugin and whether it loads.",
                                    groups: [RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args, strict: false)
        print("registry: \(registry.file)")
        let table = registry.entries.map { entry -> [String] in
            var pairing = entry.policy.map { "policy=\($0)" } ?? ""
            if let base = entry.preset { pairing = "preset of \(base)" + (pairing.isEmpty ? "" : ", \(pairing)") }
            return [entry.name, entry.kind.rawValue, entry.version, pairing, entry.library]
        }
        print(TextTable.render(header: ["name", "kind", "version", "pairing", "library"], rows: table))
        for problem in registry.problems { print("FAILED: \(problem)") }
        print("\(registry.entries.count) plugins load, \(registry.problems.count) problem\(registry.problems.count == 1 ? "" : "s")")
        return registry.problems.isEmpty ? 0 : 1
    }
}
