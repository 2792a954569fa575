/// The language a generated synthesis policy is written in. The code prompt states the interface of
/// the chosen language verbatim (prompts/parts/interface-*.md), and `PolicyReply` extracts the code
/// block in it.
public enum PolicyLanguage: String, CaseIterable, Sendable, Codable {
    /// One C file against the SDK header, compiled by the host into a policy plugin.
    case c
    /// A Python function, as in the paper's release, run by the Python bridge.
    case python

    /// The language's name as the prompts spell it ("C", "Python").
    public var displayName: String {
        switch self {
        case .c: return "C"
        case .python: return "Python"
        }
    }

    /// The info string the reply's code block is asked to start with ("c", "python").
    public var fenceTag: String { rawValue }

    /// Info strings accepted as this language in a reply (lower case): models label Python blocks
    /// "py" or "python3" as often as "python".
    public var acceptedFenceTags: Set<String> {
        switch self {
        case .c: return ["c", "c99", "c11", "c17", "h"]
        case .python: return ["python", "py", "python3", "py3"]
        }
    }

    /// How the policy calls the detector's score function in this language, as the prompts quote it.
    public var scoreCall: String {
        switch self {
        case .c: return "model.score(model.context, X, scores, err)"
        case .python: return "model.predict_score(X)"
        }
    }
}
