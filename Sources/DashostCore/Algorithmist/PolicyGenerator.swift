import Foundation

/// The algorithmist step (the paper's first stage): asks an LLM to describe a detector from its name
/// and the plugin's own algorithm description, then for `candidates` programs from the code prompt;
/// each reply is extracted, built, and vetted in the sandbox, and a failure is sent back verbatim
/// for up to `repairs` rounds. The passing candidates are ranked on the vetting data alone (no test
/// labels), all are installed, and the best becomes the detector's pairing.
///
/// What is sent: the prompt templates filled with the detector's name and description, the
/// language, variant and hardness, and the host's own messages (compiler output, failed checks on
/// host-generated data). No row, statistic or file name of a user's data set is ever part of a request.
public struct PolicyGenerator: Sendable {
    /// What to generate.
    public struct Request: Sendable {
        public var language: PolicyLanguage = .c
        public var variant: PromptVariant = .standard
        public var hardness: PolicyHardness = .medium
        /// Programs to ask for (each with its own repair rounds).
        public var candidates = 1
        /// Repair rounds per candidate after its first reply.
        public var repairs = 2
        /// Pair the best candidate with the detector.
        public var pair = true
        public init() {}
    }

    /// How one candidate ended.
    public struct Candidate: Sendable {
        /// 1-based, in asking order.
        public let index: Int
        /// The registered name, when it passed.
        public let name: String?
        /// The installed folder, when it passed.
        public let folder: String?
        /// Its vetting report (passing, or the last failing one).
        public let report: VettingReport?
        /// Why it failed (nil when it passed).
        public let failure: String?
        /// Repair rounds used.
        public let repairs: Int
        /// Rank among the passing ones (1 = best).
        public var rank: Int?

        public init(index: Int, name: String?, folder: String?, report: VettingReport?, failure: String?, repairs: Int, rank: Int? = nil) {
            self.index = index
            self.name = name
            self.folder = folder
            self.report = report
            self.failure = failure
            self.repairs = repairs
            self.rank = rank
        }
    }

    public let client: ChatClient
    public let prompts: PromptLibrary
    public let workbench: PolicyWorkbench
    public let model: String
    public let endpoint: String
    /// Progress lines for the user (stderr).
    public let log: @Sendable (String) -> Void

    public init(client: ChatClient, prompts: PromptLibrary, workbench: PolicyWorkbench, model: String, endpoint: String,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.prompts = prompts
        self.workbench = workbench
        self.model = model
        self.endpoint = endpoint
        self.log = log
    }

    /// Runs the step for the detector, whose algorithm description is `algorithmDescription`.
    /// Throws for a chat failure (after the client's retries) or a host problem; a program that
    /// fails is a failed candidate, never an error.
    public func run(_ request: Request, algorithmDescription: String) throws -> [Candidate] {
        let detector = workbench.detector
        let system = ChatMessage(role: "system", content: try prompts.systemPrompt())
        var preamble: [ChatMessage] = [system]
        var description: String?
        if request.variant != .generic {
            let ask = ChatMessage(role: "user", content: try prompts.descriptionPrompt(detector: detector, algorithmDescription: algorithmDescription))
            log("asking for a description of \(detector)")
            let answer = try client.complete([system, ask])
            description = answer
            preamble += [ask, ChatMessage(role: "assistant", content: answer)]
        }
        let codePrompt = try prompts.codePrompt(detector: detector, description: description, language: request.language,
                                                variant: request.variant, hardness: request.hardness)
        var outcomes: [Candidate] = []
        var passed: [(candidate: Int, slot: PolicyWorkbench.Slot, report: VettingReport, repairs: Int)] = []
        for index in 1...max(1, request.candidates) {
            // The code conversation starts fresh per candidate (the description is shared context).
            var conversation = [system, ChatMessage(role: "user", content: codePrompt)]
            var rounds = 0
            var lastReport: VettingReport?
            var failure = ""
            var slot: PolicyWorkbench.Slot?
            while true {
                log("candidate \(index)\(rounds > 0 ? ", repair round \(rounds)" : ""): asking \(model)")
                do {
                    let text = try client.complete(conversation)
                    conversation.append(ChatMessage(role: "assistant", content: text))
                    let reply: PolicyReply
                    do { reply = try PolicyReply(parsing: text, language: request.language) } catch {
                        throw PolicyWorkbench.Rejection(description: "\(error)", report: nil)
                    }
                    if slot == nil {
                        slot = try workbench.reserve(summary: "LLM-written synthesis policy for \(detector) (\(request.language.rawValue), model \(model))",
                                                     description: reply.policy)
                    }
                    let report = try workbench.attempt(source: reply.source, language: request.language, slot: slot!)
                    try Self.writeRecord(folder: slot!.folder, codePrompt: codePrompt, preamble: preamble,
                                         conversation: conversation, finalReply: text)
                    log("candidate \(index): passed vetting")
                    passed.append((index, slot!, report, rounds))
                    outcomes.append(Candidate(index: index, name: slot!.identity.name, folder: slot!.folder, report: report,
                                              failure: nil, repairs: rounds))
                    break
                } catch let rejection as PolicyWorkbench.Rejection {
                    failure = rejection.description
                    lastReport = rejection.report ?? lastReport
                    log("candidate \(index): \(failure.split(separator: "\n").first ?? "")")
                    guard rounds < request.repairs else {
                        if let slot { workbench.discard(slot) }
                        outcomes.append(Candidate(index: index, name: nil, folder: nil, report: lastReport, failure: failure, repairs: rounds))
                        break
                    }
                    rounds += 1
                    conversation.append(ChatMessage(role: "user", content: try prompts.repairPrompt(message: failure, language: request.language)))
                } catch {
                    // The endpoint failed (or the host did): what passed so far is kept, the rest is not asked for.
                    if let slot { workbench.discard(slot) }
                    guard !passed.isEmpty else { throw error }
                    outcomes = try install(passed, outcomes: outcomes, request: request)
                    let best = outcomes.first { $0.rank == 1 }?.name ?? ""
                    throw PolicyGenerationStopped(description: "\(error); the run stopped at candidate \(index) of \(request.candidates), "
                                                  + "and the \(passed.count) that had passed vetting were installed (best: \(best))")
                }
            }
        }
        return try install(passed, outcomes: outcomes, request: request)
    }

    /// Ranks the passing candidates on the vetting data, installs them all and pairs the best;
    /// `outcomes` with their ranks.
    private func install(_ passed: [(candidate: Int, slot: PolicyWorkbench.Slot, report: VettingReport, repairs: Int)],
                         outcomes: [Candidate], request: Request) throws -> [Candidate] {
        let detector = workbench.detector
        var outcomes = outcomes
        let order = CandidateRanking.rank(passed.map(\.report))
        for (place, position) in order.enumerated() {
            let done = passed[position]
            var provenance = PolicyProvenance(detector: detector, name: done.slot.identity.name, language: request.language,
                                              origin: .generated, paired: request.pair && place == 0)
            provenance.variant = request.variant
            provenance.hardness = request.hardness
            provenance.model = model
            provenance.endpoint = endpoint
            provenance.candidate = done.candidate
            provenance.candidates = request.candidates
            provenance.repairs = done.repairs
            provenance.rank = place + 1
            try workbench.install(slot: done.slot, language: request.language, provenance: provenance)
            if let i = outcomes.firstIndex(where: { $0.index == done.candidate }) { outcomes[i].rank = place + 1 }
        }
        return outcomes
    }

    /// The record of how a candidate was made: the code prompt, every message, the final reply.
    static func writeRecord(folder: String, codePrompt: String, preamble: [ChatMessage], conversation: [ChatMessage],
                            finalReply: String) throws {
        try AtomicFileWriter.write(codePrompt, to: folder + "/" + PolicyStore.File.prompt)
        try AtomicFileWriter.write(finalReply, to: folder + "/" + PolicyStore.File.reply)
        let messages = (preamble + conversation.dropFirst()).map { ["role": $0.role, "content": $0.content] }
        try AtomicFileWriter.write(try PolicyStore.jsonText(["messages": messages]), to: folder + "/" + PolicyStore.File.conversation)
    }
}

/// A generate run that stopped early (the chat endpoint failed after its retries) after some
/// candidates had passed: those were installed, and the message says so.
public struct PolicyGenerationStopped: Error, CustomStringConvertible {
    public let description: String
}
