import DashostCore
import Foundation

/// `dashost policy install`: a reply pasted from any chat window, or a user's own Python policy file,
/// vetted in the sandbox like a generated one, then installed and paired with the detector.
enum PolicyInstallCommand: Command {
    static let reply = Option.value("reply", "FILE", help: "an LLM's reply (the policy, a fenced code block, the explanation)")
    static let python = Option.value("python", "FILE.py", help: "a Python file defining generate_hard_anomalies(n_samples, model, X_train)")
    static let noCallback = Option.flag("no-score-callback", help: "do not require the policy to call the score function (the 'simple' variant)")

    static let table = CommandTable(
        command: "policy install",
        summary: "Vet and install a policy from a pasted reply (C or Python) or a Python file, paired with its detector.",
        options: [PolicyOptions.detector, reply, python, PolicyOptions.language, noCallback, PolicyOptions.into, PolicyOptions.noPair] + PolicyOptions.vetting,
        groups: [RegistryOptions.group],
        notes: "Give exactly one of --reply and --python. --language says the reply's language (a --python file is Python).")

    static func run(_ args: ParsedArguments) throws -> Int32 {
        let registry = try CommandLineInterface.registry(args)
        let entry = try PolicyOptions.detectorEntry(registry, args)
        let source: String, language: PolicyLanguage, origin: PolicyProvenance.Origin
        var replyText: String?
        var policyProse = ""
        switch (args.value(reply), args.value(python)) {
        case let (file?, nil):
            language = try PolicyOptions.language(args)
            let text = try read(file, option: reply)
            let parsed: PolicyReply
            do { parsed = try PolicyReply(parsing: text, language: language) } catch {
                throw PolicyCommandError("\(file): \(error)")
            }
            (source, origin, replyText, policyProse) = (parsed.source, .reply, text, parsed.policy)
        case let (nil, file?):
            (source, language, origin) = (try read(file, option: python), .python, .pythonFile)
        default:
            throw UsageError(message: "give exactly one of --reply FILE and --python FILE.py")
        }
        let store = try PolicyOptions.store(args)
        let workbench = try PolicyOptions.workbench(args, store: store, variant: args.flag(noCallback) ? .simple : .standard)
        let slot = try workbench.reserve(summary: "\(language == .c ? "C" : "Python") synthesis policy for \(entry.name), installed by the user",
                                         description: policyProse)
        let report: VettingReport
        do {
            report = try workbench.attempt(source: source, language: language, slot: slot)
        } catch let rejection as PolicyWorkbench.Rejection {
            workbench.discard(slot)
            throw PolicyCommandError("the policy was not installed: \(rejection.description)")
        } catch {
            workbench.discard(slot)
            throw error
        }
        if let replyText { try AtomicFileWriter.write(replyText, to: slot.folder + "/" + PolicyStore.File.reply) }
        let pair = !args.flag(PolicyOptions.noPair)
        try workbench.install(slot: slot, language: language,
                              provenance: PolicyProvenance(detector: entry.name, name: slot.identity.name, language: language,
                                                           origin: origin, paired: pair))
        PolicyReport.print([PolicyGenerator.Candidate(index: 1, name: slot.identity.name, folder: slot.folder, report: report,
                                                      failure: nil, repairs: 0, rank: 1)])
        print(pair ? "\(entry.name) is now enhanced with \(slot.identity.name) (\(slot.folder)); registry: \(store.registryPath)"
                   : "installed \(slot.identity.name) (\(slot.folder)), not paired; registry: \(store.registryPath)")
        return 0
    }

    private static func read(_ file: String, option: Option) throws -> String {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw UsageError(message: "--\(option.name): cannot read '\(file)' as UTF-8 text")
        }
        return text
    }
}
