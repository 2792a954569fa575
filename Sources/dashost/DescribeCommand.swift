import DashostCore

/// `dashost describe NAME`: a registered plugin's description, pairing and default params.
enum DescribeCommand {
    static func run(_ raw: [String]) throws -> Int32 {
        var args = try Arguments(raw, flagNames: [])
        guard args.positionals.count == 1 else { throw UsageError(message: "describe takes exactly one plugin name") }
        let registry = try CommandLineInterface.registry(&args)
        try args.rejectUnknown()
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
