import DashostCore
import Foundation

/// `dashost policy generate`: an LLM at an OpenAI-compatible endpoint writes the detector's policy;
/// every candidate is built and vetted in the sandbox, failures are sent back for repair, and the
/// passing ones are ranked, installed, and the best paired with the detector.
enum PolicyGenerateCommand: Command {
    private static let defaults = PolicyGenerator.Request()

    static let endpoint = Option.value("endpoint", "URL", help: "an OpenAI-compatible API base, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)",
                                       required: true)
    static let model = Option.value("model", "M", help: "the model name the endpoint knows", required: true)
    static let apiKeyEnv = Option.value("api-key-env", "VAR", help: "the environment variable holding the API key (sent as a Bearer token)",
                                        default: .note("no key"))
    static let candidates = Option.value("candidates", "K", help: "programs to ask for", default: .value("\(defaults.candidates)"))
    static let repair = Option.value("repair", "N", help: "repair rounds per candidate: a compiler error or failed check is sent back verbatim",
                                     default: .value("\(defaults.repairs)"))
    static let timeout = Option.value("timeout", "S", help: "seconds to wait for each answer", default: .value("120"))
    static let retries = Option.value("retries", "N", help: "retries of a request after a connection error, timeout, HTTP 429 or 5xx (exponential back-off)",
                                      default: .value("3"))
    static let temperature = Option.value("temperature", "T", help: "sampling temperature", default: .note("the endpoint's"))
    static let verbose = Option.flag("verbose", help: "print every request and answer (stderr; the API key is never printed)")

    static let table = CommandTable(
        command: "policy generate",
        summary: "Have an LLM write, then vet, rank and install a detector's synthesis policy (C or Python).",
        options: [PolicyOptions.detector, endpoint, model, apiKeyEnv, candidates, repair, PolicyOptions.language, PolicyOptions.variant,
                  PolicyOptions.hardness, PolicyOptions.promptDir, PolicyOptions.into, PolicyOptions.noPair, timeout, retries,
                  temperature, verbose] + PolicyOptions.vetting,
        groups: [RegistryOptions.group],
        notes: """
        Sent: the prompt templates filled with the detector's name and algorithm description, then the host's own
        compiler and vetting messages. No row, statistic or file name of any data set is ever sent. Each passing
        policy is installed under policies/DETECTOR/N/ of the data home (or --into DIR) with its prompt, replies,
        source, library, vetting report and registry fragment; `dashost describe DETECTOR` shows the pairing.
        """)

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let entry = try PolicyOptions.detectorEntry(registry, args)
        var request = PolicyGenerator.Request()
        request.language = try PolicyOptions.language(args)
        request.variant = try PolicyOptions.variant(args)
        request.hardness = try PolicyOptions.hardness(args)
        request.candidates = try count(args, candidates, minimum: 1)
        request.repairs = try count(args, repair, minimum: 0)
        request.pair = !args.flag(PolicyOptions.noPair)
        let endpointText = args.required(endpoint)
        guard let url = URL(string: endpointText), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw UsageError(message: "--endpoint must be an http(s) URL such as http://127.0.0.1:8080/v1, got '\(endpointText)'")
        }
        var apiKey: String?
        if let variable = args.value(apiKeyEnv) {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw UsageError(message: "--api-key-env \(variable): the environment variable is not set")
            }
            apiKey = value
        }
        guard let timeoutSeconds = Double(args.value(timeout)!), timeoutSeconds > 0 else {
            throw UsageError(message: "--timeout must be a positive number of seconds, got '\(args.value(timeout)!)'")
        }
        var temperatureValue: Double?
        if let text = args.value(temperature) {
            guard let value = Double(text), value >= 0, value <= 2 else { throw UsageError(message: "--temperature must be a number in [0, 2], got '\(text)'") }
            temperatureValue = value
        }
        let loud = args.flag(verbose)
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("dashost: \($0)\n".utf8)) }
        let client = ChatClient(endpoint: url, model: args.required(model), apiKey: apiKey, timeoutSeconds: timeoutSeconds,
                                retries: try count(args, retries, minimum: 0), temperature: temperatureValue, log: loud ? log : nil)
        let store = try PolicyOptions.store(args)
        let generator = PolicyGenerator(client: client, prompts: try PolicyOptions.prompts(args),
                                        workbench: try PolicyOptions.workbench(args, store: store, variant: request.variant),
                                        model: args.required(model), endpoint: url.absoluteString, log: log)
        let outcomes = try generator.run(request, algorithmDescription: entry.description)
        PolicyReport.print(outcomes)
        guard let best = outcomes.first(where: { $0.rank == 1 }), let name = best.name else {
            throw PolicyCommandError("no candidate passed vetting for '\(entry.name)' (\(outcomes.count) asked, \(request.repairs) repair round\(request.repairs == 1 ? "" : "s") each); the last failure: "
                                     + (outcomes.last?.failure ?? "none"))
        }
        if request.pair {
            print("\(entry.name) is now enhanced with \(name) (\(best.folder ?? "")); registry: \(store.registryPath)")
        } else {
            print("installed \(name) (\(best.folder ?? "")), not paired; registry: \(store.registryPath)")
        }
        return 0
    }

    /// A non-negative integer option at least `minimum`.
    static func count(_ args: ParsedArguments, _ option: Option, minimum: Int) throws -> Int {
        let text = args.value(option)!
        guard let value = Int(text), value >= minimum else {
            throw UsageError(message: "--\(option.name) must be an integer of at least \(minimum), got '\(text)'")
        }
        return value
    }
}

/// A `dashost policy` command that ran but did not produce a policy.
struct PolicyCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
