import DashostCore

/// The options of every command that runs plugins: where they run.
enum IsolationOptions {
    static let isolate = Option.flag("isolate", help: "run every plugin in a child process of its own: a crash, hang or bad result is an error naming the node, and independent branches still complete")
    static let sandbox = Option.flag("sandbox", help: "run every plugin in a sandboxed child process (\(Sandbox.rules))")
    static let group = OptionGroup(title: "isolation options", options: [isolate, sandbox])

    /// The least isolation the command line asks for.
    static func level(_ args: ParsedArguments) -> IsolationLevel {
        args.flag(sandbox) ? .sandbox : args.flag(isolate) ? .process : .none
    }
}
