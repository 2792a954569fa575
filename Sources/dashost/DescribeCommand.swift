import DashostCore

/// `dashost describe NAME`: a registered plugin's identity, pairing, params schema and description.
enum DescribeCommand: Command {
    static let table = CommandTable(
        command: "describe",
        summary: "Print a plugin's pairing, params schema and description (what the LLM step reads).",
        positionals: [Positional(placeholder: "NAME", help: "a registered plugin")],
        groups: [RegistryOptions.group], notes: RegistryOptions.notes)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let entry = try registry.entry(args.positionals[0])
        print("\(entry.name) (\(entry.kind.rawValue), version \(entry.version))\(entry.preset.map { ", a preset of \($0)" } ?? "")")
        if !entry.summary.isEmpty { print(entry.summary) }
        if let policy = entry.policy { print("synthesis policy: \(policy)") }
        print("library: \(entry.library)")
        if entry.params != "{}" { print("registry params: \(entry.params)") }
        let specs = entry.plugin.schema.specs
        if specs.isEmpty {
            print("params: none")
        } else {
            print("params:")
            print(TextTable.render(header: ["name", "type", "default", "allowed", "doc"], rows: specs.map {
                [$0.name, $0.type.rawValue, $0.defaultValue.description, $0.allowed, $0.doc]
            }))
        }
        if !entry.description.isEmpty { print("\n\(entry.description)") }
        return 0
    }
}
