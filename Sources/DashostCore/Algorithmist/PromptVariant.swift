/// Which code prompt is built: the method's own, or one of the paper's ablations (Fig. 4b, App. 6.13.2)
/// and extensions (App. 6.18). Each variant selects its own objective and requirements files.
public enum PromptVariant: String, CaseIterable, Sendable, Codable {
    /// The method: the detector's description, the score callback, and borderline seeds chosen by the
    /// detector's logic (with the requirements of docs/llm.md).
    case standard
    /// Ablation "Generic": no detector description, a general-purpose policy (score callback kept).
    case generic
    /// Ablation "Simple": no score callback; the policy must not call the model and makes simple
    /// anomalies away from the normal data.
    case simple
    /// Ablation "Random": random seeds instead of borderline ones.
    case random
    /// App. 6.18: several distinct weaknesses, a mixture of anomalies targeting each.
    case multi

    /// Whether the code prompt includes the detector's description (all but `generic`).
    public var usesDescription: Bool { self != .generic }

    /// Whether the policy may call the detector's score function (all but `simple`).
    public var usesScoreCallback: Bool { self != .simple }
}
