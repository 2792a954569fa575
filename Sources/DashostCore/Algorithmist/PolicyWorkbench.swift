import Foundation

/// Turns one candidate program into a vetted policy in its own folder of a `PolicyStore`: writes the
/// source, builds it (C) or pins it (Python), writes its registry fragment, and vets it against the
/// detector in the sandbox. `generate` runs it for every reply, `install` for one reply or file.
public struct PolicyWorkbench: Sendable {
    /// Where candidates are written.
    public let store: PolicyStore
    /// The registry files the detector (and, for Python, the bridge) come from, in merge order.
    public let registryFiles: [String]
    /// Extra plugin search folders (`--plugin-path`).
    public let extraPluginPaths: [String]
    /// The detector the policies are for.
    public let detector: String
    /// How candidates are vetted.
    public let vetting: PolicyVettingOptions

    public init(store: PolicyStore, registryFiles: [String], extraPluginPaths: [String] = [], detector: String,
                vetting: PolicyVettingOptions = .init()) {
        self.store = store
        self.registryFiles = registryFiles
        self.extraPluginPaths = extraPluginPaths
        self.detector = detector
        self.vetting = vetting
    }

    /// A candidate's folder, reserved in the store.
    public struct Slot: Sendable {
        public let number: Int
        public let folder: String
        public let identity: PolicyIdentity
    }

    /// Why a candidate did not become a policy: the message the user sees, and the one the LLM is sent
    /// in a repair round (the same text: compiler output, reply problem or failed checks, verbatim).
    public struct Rejection: Error, CustomStringConvertible, Sendable {
        public let description: String
        /// The vetting report, when the candidate got as far as vetting.
        public let report: VettingReport?
    }

    /// Reserves the next numbered folder for a candidate described by `summary` / `description`.
    public func reserve(summary: String, description: String) throws -> Slot {
        let (number, folder) = try store.reserveFolder(detector: detector)
        return Slot(number: number, folder: folder,
                    identity: PolicyIdentity(name: store.name(detector: detector, number: number),
                                             summary: summary, description: description))
    }

    /// Writes, builds, registers (in the slot's own fragment) and vets `source`. Returns the passing
    /// report; throws `Rejection` for anything the program got wrong, other errors for host problems.
    public func attempt(source: String, language: PolicyLanguage, slot: Slot) throws -> VettingReport {
        do {
            return try vetted(source: source, language: language, slot: slot)
        } catch let rejection as Rejection {
            // The message goes to the LLM: the user's folders are not its business.
            let text = rejection.description.replacingOccurrences(of: slot.folder + "/", with: "")
                .replacingOccurrences(of: slot.folder, with: ".").replacingOccurrences(of: store.home, with: "<data home>")
            throw Rejection(description: text, report: rejection.report)
        }
    }

    private func vetted(source: String, language: PolicyLanguage, slot: Slot) throws -> VettingReport {
        let sourcePath = slot.folder + "/" + PolicyStore.File.source(language)
        try AtomicFileWriter.write(source, to: sourcePath)
        if language == .c {
            do {
                try CPolicyBuilder().build(source: source, identity: slot.identity, library: slot.folder + "/" + PolicyStore.File.library)
            } catch let error as PolicyBuildError {
                throw Rejection(description: error.description, report: nil)
            }
        } else {
            try Self.checkPythonSource(source)
        }
        try PolicyStore.writeFragment(try PolicyStore.fragment(name: slot.identity.name, language: language, folder: slot.folder),
                                      folder: slot.folder)
        let registry: Registry
        do {
            registry = try Registry(files: registryFiles + [slot.folder + "/" + PolicyStore.File.fragment], extraPluginPaths: extraPluginPaths)
        } catch {
            // The built library could not be described (it crashed the sandboxed scanner, say).
            throw Rejection(description: "the built policy could not be registered: \(error)", report: nil)
        }
        let report = try PolicyVetter.vet(policy: slot.identity.name, detector: detector, registry: registry, options: vetting)
        try AtomicFileWriter.write(try PolicyStore.jsonText(encoding: report), to: slot.folder + "/" + PolicyStore.File.vetting)
        guard report.passed else { throw Rejection(description: report.failureMessage, report: report) }
        return report
    }

    /// A Python program must define the function the bridge calls.
    static func checkPythonSource(_ source: String) throws {
        guard source.range(of: #"(?m)^def[ \t]+generate_hard_anomalies[ \t]*\("#, options: .regularExpression) != nil else {
            throw Rejection(description: "the program does not define `def generate_hard_anomalies(n_samples, model, X_train):` at the top level", report: nil)
        }
    }

    /// Writes the provenance and adds the policy to the store's registry (paired when `pair`).
    public func install(slot: Slot, language: PolicyLanguage, provenance: PolicyProvenance) throws {
        try AtomicFileWriter.write(try PolicyStore.jsonText(encoding: provenance), to: slot.folder + "/" + PolicyStore.File.provenance)
        try store.register(name: slot.identity.name, detector: detector, language: language, folder: slot.folder, pair: provenance.paired)
    }

    /// Removes a candidate's folder (it failed, or the run was interrupted).
    public func discard(_ slot: Slot) { try? FileManager.default.removeItem(atPath: slot.folder) }
}
