import DashostCore
import Foundation

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
        if let policy = entry.policy {
            print("synthesis policy: \(policy)")
            if let paired = try? registry.entry(policy), let made = provenance(of: paired) {
                print("  from \(made.folder): \(made.provenance.summary)")
            }
        }
        print("library: \(entry.library)")
        if let made = provenance(of: entry) { print("installed policy, \(made.folder): \(made.provenance.summary)") }
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

    /// Where an installed policy came from: the `provenance.json` next to its library (C) or its
    /// script (a Python preset), when there is one.
    static func provenance(of entry: RegistryEntry) -> (folder: String, provenance: PolicyProvenance)? {
        var folders = [(entry.library as NSString).deletingLastPathComponent]
        if let params = try? JSONDocument.parse(entry.params, source: entry.name) as? [String: Any], let script = params["script"] as? String {
            folders.insert((script as NSString).deletingLastPathComponent, at: 0)
        }
        for folder in folders {
            if let provenance = PolicyStore.provenance(folder: folder) { return (folder, provenance) }
        }
        return nil
    }
}
