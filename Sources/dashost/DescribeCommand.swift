import DashostCore

/// `dashost describe NAME`: a registered plugin's description, pairing and default params.
enum DescribeCommand: Command {
    static let table = CommandTable(
        command: "describe",
        summary: "Print a plugin's pairing, default params and description (what the LLM step reads).",
        positionals: [Positional(placeholder: "NAME", help: "a registered plugin")],
        groups: [RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let entry = try registry.entry(args.positionals[0])
        print("\(entry.name) (\(entry.kind.rawValue), version \(entry.version))")
        if let policy = entry.policy { print("synthesis policy: \(policy)") }
        let library = try registry.load(entry.name, kind: entry.kind)
        print("library: \(library.path)")
        print("default params: \(library.defaultParams)")
        if entry.params != "{}" { print("registry params: \(entry.params)") }
        if !entry.description.isEmpty { print("\n\(entry.description)") }
        return 0
    }
}
