import DashostCore
import Foundation

/// Dispatches `dashost <command> ...` to the command implementations.
enum CommandLineInterface {
    /// Every command, in the order the usage lists them.
    static let commands: [any Command.Type] = [
        PluginsCommand.self, RunCommand.self, EnhanceCommand.self, CheckCommand.self, DescribeCommand.self, BenchCommand.self, AwarenessCommand.self,
        PolicyPromptCommand.self, PolicyGenerateCommand.self, PolicyInstallCommand.self, TestbedCommand.self,
    ]

    /// The top-level usage: every command's synopsis (from its table) and summary, the registry options.
    static var usage: String {
        var lines = [
            "dashost \(DashostVersion.string) (plugin ABI \(ABIVersion.string)): hard synthetic anomalies make anomaly detectors stronger.",
            "",
            "Usage:",
        ]
        for command in commands {
            lines += command.table.synopsis(prefix: "  ")
            lines.append("        " + command.table.summary)
        }
        lines += [
            "  dashost help [COMMAND] | --version",
            "",
            "\(RegistryOptions.group.title.prefix(1).uppercased())\(RegistryOptions.group.title.dropFirst()):",
        ]
        lines += OptionTable.rows(RegistryOptions.group.options.map(OptionTable.row))
        lines += ["", RegistryOptions.notes, "", "Run 'dashost COMMAND --help' for a command's options."]
        return lines.joined(separator: "\n")
    }

    static func run(_ raw: [String]) throws -> Int32 {
        guard var name = raw.first else {
            print(usage)
            return 2
        }
        var rest = Array(raw.dropFirst())
        // Two-word commands (`policy generate`): the group name and the action form the command name.
        let actions = groupActions(name)
        if !actions.isEmpty {
            guard let action = rest.first, !action.hasPrefix("-") else {
                if let flag = rest.first, flag == "--help" || flag == "-h" {
                    print(groupUsage(name))
                    return 0
                }
                throw UsageError(message: "'\(name)' needs one of: \(actions.joined(separator: ", "))")
            }
            name += " " + action
            rest.removeFirst()
        }
        switch name {
        case "help", "--help", "-h":
            guard !rest.isEmpty else { print(usage); return 0 }
            let topic = rest.joined(separator: " ")
            guard let command = command(named: topic) else {
                guard !groupActions(topic).isEmpty else { throw UsageError(message: "unknown command '\(topic)'") }
                print(groupUsage(topic))
                return 0
            }
            print(command.table.usage)
            return 0
        case ConformanceRunner.childCommand:
            return ConformanceRunner.child(rest.first ?? "")
        case PluginServer.childCommand:
            return PluginServer.child(rest)
        case LibraryScanner.childCommand:
            return LibraryScanner.child(rest)
        case "--version", "version":
            print("dashost \(DashostVersion.string) (plugin ABI \(ABIVersion.string))")
            return 0
        default:
            guard let command = command(named: name) else { throw UsageError(message: "unknown command '\(name)'") }
            do {
                return try command.run(try command.table.parse(rest))
            } catch let help as HelpRequest {
                print(help.usage)
                return 0
            } catch var error as UsageError {
                error.hint = command.table.hint
                throw error
            }
        }
    }

    /// The synopsis and summary of every command of a group (`dashost policy --help`).
    private static func groupUsage(_ group: String) -> String {
        var lines = ["Usage:"]
        for command in commands where command.table.command.hasPrefix(group + " ") {
            lines += command.table.synopsis(prefix: "  ")
            lines.append("        " + command.table.summary)
        }
        lines += ["", "Run 'dashost \(group) ACTION --help' for an action's options."]
        return lines.joined(separator: "\n")
    }

    /// The actions of a two-word command group (`policy` -> prompt, generate, install); empty for others.
    private static func groupActions(_ group: String) -> [String] {
        var actions: [String] = []
        for command in commands {
            let full = command.table.command
            if full.hasPrefix(group + " ") { actions.append(String(full.dropFirst(group.count + 1))) }
        }
        return actions
    }

    private static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.table.command == name }
    }

    /// Opens the registry named by the registry options and the environment.
    /// With `strict: false`, libraries that fail to load and entries with problems are collected
    /// in `Registry.problems` instead of thrown (`dashost plugins` lists them).
    /// The registry files the command reads, as inputs a run must never overwrite.
    static func registryInputs(_ args: ParsedArguments) throws -> [(what: String, path: String)] {
        try RegistryLocator.locate(explicit: args.values(RegistryOptions.registry), includeBuiltin: !args.flag(RegistryOptions.noBuiltin))
            .map { ("a registry file", $0) }
    }

    /// `extraFragments` are merged last (a file already merged is not merged again).
    static func registry(_ args: ParsedArguments, strict: Bool = true, extraFragments: [String] = []) throws -> Registry {
        let files = try RegistryLocator.locate(explicit: args.values(RegistryOptions.registry),
                                               includeBuiltin: !args.flag(RegistryOptions.noBuiltin), appending: extraFragments)
        // Listing, each library is opened in a child process first, so one that crashes is a FAILED line.
        let scanner = strict ? nil : PluginSearchPath.executablePath().map(LibraryScanner.init)
        return try Registry(files: files, extraPluginPaths: args.values(RegistryOptions.pluginPath), strict: strict, scanner: scanner)
    }
}

/// The options of every command that reads the registry.
enum RegistryOptions {
    static let registry = Option.repeatable("registry", "FILE",
                                            help: "a registry file, merged onto the built-in registry (unless --no-builtin)")
    static let noBuiltin = Option.flag("no-builtin",
                                       help: "leave the built-in registry out: only the --registry (or $DASHOST_REGISTRY) files")
    static let pluginPath = Option.repeatable("plugin-path", "DIR", help: "also search DIR for plugin libraries")
    static let group = OptionGroup(title: "registry options", options: [registry, noBuiltin, pluginPath])

    static let notes = """
    The registry is the built-in registry.json (of the dashost checkout the executable was built in)
    with every --registry FILE merged onto it, else every $DASHOST_REGISTRY file (colon-separated);
    with --no-builtin only those files. With no registry file given, ./registry.json if there is one,
    else the built-in one. A plugin name declared in two files is an error. Plugin libraries are
    searched in the declaring registry's folder, each --plugin-path, each $DASHOST_PLUGIN_PATH entry,
    then the executable's folder.
    """
}
