import DashostCore
import Foundation

/// `dashost policy prompt`: prints the exact prompt the algorithmist step sends, to read or to paste
/// into any chat window.
enum PolicyPromptCommand: Command {
    static let step = Option.value("step", "describe|code", help: "the description step's prompt, or the code prompt",
                                   default: .value("code"))
    static let descriptionFile = Option.value("description-file", "FILE",
                                              help: "the LLM's answer to the description step, put into the code prompt",
                                              default: .note("the plugin's own algorithm description"))
    static let system = Option.flag("system", help: "print the system message first")

    static let table = CommandTable(
        command: "policy prompt",
        summary: "Print the prompt the algorithmist step sends for a detector (to read, or paste into a chat).",
        options: [PolicyOptions.detector, step, PolicyOptions.language, PolicyOptions.variant, PolicyOptions.hardness,
                  descriptionFile, system, PolicyOptions.promptDir],
        groups: [RegistryOptions.group],
        notes: """
        The prompt depends only on the detector's name and algorithm description, the language, the variant and the
        hardness: no data is read. A reply to it can be installed with `dashost policy install --reply FILE`.
        """)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let entry = try PolicyOptions.detectorEntry(registry, args)
        let prompts = try PolicyOptions.prompts(args)
        let variant = try PolicyOptions.variant(args)
        if args.flag(system) { print(try prompts.systemPrompt()); print("") }
        switch args.value(step)! {
        case "describe":
            print(try prompts.descriptionPrompt(detector: entry.name, algorithmDescription: entry.description))
        case "code":
            var description: String? = entry.description
            if let file = args.value(descriptionFile) {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw UsageError(message: "--description-file: cannot read '\(file)'")
                }
                description = text
            }
            print(try prompts.codePrompt(detector: entry.name, description: variant == .generic ? nil : description,
                                         language: try PolicyOptions.language(args), variant: variant,
                                         hardness: try PolicyOptions.hardness(args)))
        case let other:
            throw UsageError(message: "--step must be describe or code, got '\(other)'")
        }
        return 0
    }
}
