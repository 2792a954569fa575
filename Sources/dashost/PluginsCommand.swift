import DashostCore

/// `dashost plugins`: every registry entry, its resolved library and whether it loads.
enum PluginsCommand: Command {
    static let table = CommandTable(command: "plugins", summary: "List every registered plugin and whether it loads.",
                                    groups: [RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        print("registry: \(registry.file)")
        var failures = 0
        let table = registry.entries.map { entry -> [String] in
            var status = "ok"
            var path = entry.library
            do {
                path = try registry.load(entry.name, kind: entry.kind).path
            } catch {
                status = "FAILED: \(error)"
                failures += 1
            }
            let pairing = entry.policy.map { "policy=\($0)" } ?? ""
            return [entry.name, entry.kind.rawValue, entry.version, pairing, status, path]
        }
        print(TextTable.render(header: ["name", "kind", "version", "pairing", "status", "library"], rows: table))
        print("\(registry.entries.count - failures) of \(registry.entries.count) plugins load")
        return failures == 0 ? 0 : 1
    }
}
