/// One option a node type accepts (a top-level field of a node other than id, type, plugin,
/// params, inputs): its name, what values it allows, its default and its doc. The one place these
/// are defined: parsing rejects unknown fields from it, validation checks values against it, the
/// nodes read their options (with defaults) through it.
public struct NodeOption: Sendable {
    /// What values the option takes.
    public enum Kind: Sendable {
        /// A string, optionally one of `choices`.
        case string(choices: [String]?)
        /// A number in `range` (`lowerOpen`: the lower bound itself is excluded); `integer`: whole numbers only.
        case number(range: ClosedRange<Double>, lowerOpen: Bool, integer: Bool)
    }

    /// A default value.
    public enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
    }

    /// The field name.
    public let name: String
    /// Allowed values.
    public let kind: Kind
    /// The value when the field is absent, if any.
    public let defaultValue: Value?
    /// One line for docs and messages.
    public let doc: String

    static func string(_ name: String, choices: [String]? = nil, default value: String? = nil, _ doc: String) -> NodeOption {
        NodeOption(name: name, kind: .string(choices: choices), defaultValue: value.map(Value.string), doc: doc)
    }

    static func number(_ name: String, in range: ClosedRange<Double>, lowerOpen: Bool = false, integer: Bool = false,
                       default value: Double? = nil, _ doc: String) -> NodeOption {
        NodeOption(name: name, kind: .number(range: range, lowerOpen: lowerOpen, integer: integer),
                   defaultValue: value.map(Value.number), doc: doc)
    }

    /// Checks a value as parsed from JSON; the message names the option (the caller names the node).
    func check(_ value: Any) throws -> Value {
        switch kind {
        case let .string(choices):
            guard let s = value as? String else { throw NodeOptionError("option '\(name)' must be a string") }
            if let choices, !choices.contains(s) {
                throw NodeOptionError("option '\(name)' is '\(s)', expected \(choices.joined(separator: ", "))")
            }
            return .string(s)
        case let .number(range, lowerOpen, integer):
            guard let n = JSONNumber.double(value) else { throw NodeOptionError("option '\(name)' must be a number") }
            let low = lowerOpen ? "(" : "["
            let bounds = "\(low)\(JSONNumber.format(range.lowerBound)), \(JSONNumber.format(range.upperBound))]"
            guard range.contains(n), !(lowerOpen && n == range.lowerBound) else {
                throw NodeOptionError("option '\(name)' = \(JSONNumber.format(n)) must be \(integer ? "an integer " : "")in \(bounds)")
            }
            guard !integer || n == n.rounded() else {
                throw NodeOptionError("option '\(name)' = \(JSONNumber.format(n)) must be an integer in \(bounds)")
            }
            return .number(n)
        }
    }
}

/// A node option value its table does not allow.
struct NodeOptionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension NodeType {
    /// Every option this node type accepts.
    public var optionTable: [NodeOption] {
        switch self {
        case .source:
            return [
                .string("path", "the data file (.npz, .mat, .csv), relative to the pipeline file"),
                .string("label", "CSV: the label column (default: the last column named label/y/class/outlier, see docs)"),
                .string("split", choices: ["auto", "paper", "none"], default: "auto",
                        "paper: train = first half of the inliers, test = the rest; none: every row is fitted and scored; auto: paper when labelled"),
                .string("features_array", default: "X", ".npz/.mat: the feature array"),
                .string("labels_array", default: "y", ".npz/.mat: the label array"),
                .number("chunk_rows", in: 1...Double(Int32.max), integer: true, "stream an .npz file in chunks of this many rows"),
            ]
        case .policy:
            return NodeType.isolationOptions + [
                .number("ratio", in: 0...100, lowerOpen: true, default: 0.1, "synthetic anomalies per training row (the paper's N_syn = 10%)"),
                .number("count", in: 1...1e9, integer: true, "exactly this many synthetic anomalies (overrides ratio)"),
            ]
        case .classifier:
            return NodeType.isolationOptions + [
                .string("reference", choices: ["heldout", "insample"], default: "heldout",
                        "normalisation reference: held-out (out-of-bag or cross-fitted) or in-sample probabilities of the normal training rows"),
                .number("folds", in: 2...50, integer: true, default: 5, "folds of the cross-fit when the classifier offers no held-out probabilities"),
            ]
        case .normalise:
            return [.string("method", choices: ["minmax", "zscore", "rank"], default: "minmax", "how the scores are normalised against their reference")]
        case .write:
            return [
                .string("path", "scores CSV to write, relative to the output folder"),
                .string("metrics_path", "metrics JSON to write, relative to the output folder"),
            ]
        case .detector, .fuse:
            return NodeType.isolationOptions
        case .augment, .evaluate:
            return []
        }
    }

    /// Where a plugin node's plugin runs and its limits: every plugin node type has these.
    static let isolationOptions: [NodeOption] = [
        .string("isolation", choices: IsolationLevel.allCases.map(\.rawValue),
                "where the plugin runs: none (in the host), process (a child process), sandbox (a sandboxed child process); never less than the registry's trust or the command line asks for"),
        .number("timeout_seconds", in: 0...1e9, lowerOpen: true, "isolated plugins: wall-clock seconds one call may take before the child is stopped"),
        .number("memory_limit_mb", in: 1...1e9, integer: true, "isolated plugins: the child's address-space limit, MiB (sandbox default: half this machine's memory)"),
        .number("cpu_seconds", in: 1...1e9, integer: true, "isolated plugins: the child's CPU-time limit, seconds (sandbox default: \(Sandbox.defaultCPUSeconds))"),
    ]

    /// The option named `name`, if this type has it.
    func option(_ name: String) -> NodeOption? { optionTable.first { $0.name == name } }
}
