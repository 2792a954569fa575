import DashostCore
import Foundation

/// The options the `dashost policy` commands share, and their parsing.
enum PolicyOptions {
    static let detector = Option.value("detector", "NAME", help: "the detector the policy is for", required: true)
    static let language = Option.value("language", "c|python", help: "the policy's language",
                                       default: .value(PolicyLanguage.c.rawValue))
    static let variant = Option.value("variant", "V", help: "the prompt variant: " + PromptVariant.allCases.map(\.rawValue).joined(separator: ", ")
                                      + " (docs/llm.md)", default: .value(PromptVariant.standard.rawValue))
    static let hardness = Option.value("hardness", "H", help: "how hard the anomalies should be: "
                                       + PolicyHardness.allCases.map(\.rawValue).joined(separator: ", "),
                                       default: .value(PolicyHardness.medium.rawValue))
    static let promptDir = Option.value("prompt-dir", "DIR", help: "prompt templates to use instead of the shipped ones",
                                        default: .note("the checkout's \(PromptLibrary.defaultFolderName)/"))
    static let into = Option.value("into", "DIR", help: "install into DIR (policies/ and registry.json there) instead of the data home",
                                   default: .note("$\(UserDataHome.variable), else $XDG_DATA_HOME/dashost, else ~/.local/share/dashost"))
    static let noPair = Option.flag("no-pair", help: "install without making it the detector's policy")
    private static let vettingDefaults = PolicyVettingOptions()
    static let vetSeconds = Option.value("vet-seconds", "S", help: "wall-time limit of each policy call while vetting",
                                         default: .value(String(Int(vettingDefaults.wallSeconds))))
    static let vetMemory = Option.value("vet-memory-mb", "MB", help: "address-space limit of the policy's process while vetting",
                                        default: .value("\(vettingDefaults.memoryMB)"))
    /// The vetting options every policy command takes.
    static let vetting = [vetSeconds, vetMemory]

    static func language(_ args: ParsedArguments) throws -> PolicyLanguage {
        try choice(args, language, PolicyLanguage.self)
    }

    static func variant(_ args: ParsedArguments) throws -> PromptVariant {
        try choice(args, variant, PromptVariant.self)
    }

    static func hardness(_ args: ParsedArguments) throws -> PolicyHardness {
        try choice(args, hardness, PolicyHardness.self)
    }

    /// One of a string enum's cases, or a usage error listing them.
    static func choice<T: RawRepresentable & CaseIterable>(_ args: ParsedArguments, _ option: Option, _: T.Type) throws -> T where T.RawValue == String {
        let text = args.value(option)!
        guard let value = T(rawValue: text) else {
            throw UsageError(message: "--\(option.name) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        return value
    }

    /// The prompt templates: `--prompt-dir`, else the shipped folder.
    static func prompts(_ args: ParsedArguments) throws -> PromptLibrary {
        if let folder = args.value(promptDir) { return try PromptLibrary(folder: folder) }
        guard let shipped = PromptLibrary.shippedFolder() else {
            throw UsageError(message: "the shipped prompt templates (\(PromptLibrary.defaultFolderName)/) were not found above the dashost executable: pass --prompt-dir DIR")
        }
        return try PromptLibrary(folder: shipped)
    }

    /// The store policies are installed into.
    static func store(_ args: ParsedArguments) throws -> PolicyStore {
        if let folder = args.value(into) {
            return PolicyStore(home: folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder)
        }
        return try PolicyStore.user()
    }

    /// The registered detector and its algorithm description (what the description step reads).
    static func detectorEntry(_ registry: Registry, _ args: ParsedArguments) throws -> RegistryEntry {
        let entry = try registry.entry(args.required(detector), kind: .detector)
        guard !entry.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw UsageError(message: "detector '\(entry.name)' has no algorithm description to write a policy from; give it one with a registry override (\"description\")")
        }
        return entry
    }

    /// A workbench for the detector, vetting in the sandbox with the command's registry.
    static func workbench(_ args: ParsedArguments, store: PolicyStore, variant: PromptVariant) throws -> PolicyWorkbench {
        let seconds = args.value(vetSeconds)!, memory = args.value(vetMemory)!
        guard let wall = Double(seconds), wall > 0, wall.isFinite else {
            throw UsageError(message: "--vet-seconds must be a positive number, got '\(seconds)'")
        }
        guard let megabytes = Int(memory), megabytes >= 64 else {
            throw UsageError(message: "--vet-memory-mb must be an integer of at least 64, got '\(memory)'")
        }
        return PolicyWorkbench(store: store, registryFiles: try CommandLineInterface.registryInputs(args).map(\.path),
                               extraPluginPaths: args.values(RegistryOptions.pluginPath), detector: args.required(detector),
                               vetting: PolicyVettingOptions(requiresScoreCallback: variant != .simple, wallSeconds: wall, memoryMB: megabytes))
    }
}
