/// The kinds of node a pipeline graph is built from, with their typed ports and options.
public enum NodeType: String, CaseIterable, Sendable {
    /// Reads a data file and splits it: outputs `train`, `test`, `all`.
    case source
    /// Fits a detector plugin on `fit` and scores `score`: outputs `model`, `scores`.
    case detector
    /// Runs a synthesis policy plugin against a fitted detector: outputs `anomalies`.
    case policy
    /// Stacks `normal` rows (label 0) and `anomalies` (label 1): outputs `data`.
    case augment
    /// Fits a classifier plugin on `fit` and scores `score`: outputs `model`, `scores`.
    case classifier
    /// Normalises one score column against its reference (min-max, z-score or rank): outputs `scores`.
    case normalise
    /// Combines any number of named score columns with a fusion plugin: outputs `scores`.
    case fuse
    /// Computes AUC-PR and AUC-ROC of any number of labelled score columns: outputs `metrics`.
    case evaluate
    /// Writes score columns to a CSV file and metrics to a JSON file.
    case write

    /// A named input port.
    public struct Input: Sendable {
        /// Port name.
        public let name: String
        /// Accepted type.
        public let type: PortType
        /// Whether the node cannot run without it.
        public let required: Bool
    }

    /// Fixed input ports. Nodes with `acceptsNamedInputs` take any port name instead.
    public var inputs: [Input] {
        switch self {
        case .source: return []
        case .detector: return [Input(name: "fit", type: .matrix, required: true), Input(name: "score", type: .matrix, required: false)]
        case .policy: return [Input(name: "detector", type: .detector, required: true)]
        case .augment: return [Input(name: "normal", type: .matrix, required: true), Input(name: "anomalies", type: .matrix, required: true)]
        case .classifier: return [Input(name: "fit", type: .labeled, required: true), Input(name: "score", type: .matrix, required: false)]
        case .normalise: return [Input(name: "scores", type: .scores, required: true)]
        case .fuse, .evaluate, .write: return []
        }
    }

    /// Whether the node takes any number of named inputs (request ports), and of which types.
    public var namedInputTypes: [PortType]? {
        switch self {
        case .fuse, .evaluate: return [.scores]
        case .write: return [.scores, .metrics]
        default: return nil
        }
    }

    /// Output ports; the first is the default when a link names only the node.
    public var outputs: [(name: String, type: PortType)] {
        switch self {
        case .source: return [("train", .matrix), ("test", .matrix), ("all", .matrix)]
        case .detector: return [("scores", .scores), ("model", .detector)]
        case .policy: return [("anomalies", .matrix)]
        case .augment: return [("data", .labeled)]
        case .classifier: return [("scores", .scores), ("model", .classifier)]
        case .normalise, .fuse: return [("scores", .scores)]
        case .evaluate: return [("metrics", .metrics)]
        case .write: return []
        }
    }

    /// Whether the node reads the reference scores of its score inputs (to fit a normalisation), so a
    /// producer must supply them; the other consumers read the scores only.
    public var readsReferenceScores: Bool { self == .normalise || self == .fuse }

    /// The plugin kind a node of this type runs, if any.
    public var pluginKind: PluginKind? {
        switch self {
        case .detector: return .detector
        case .policy: return .policy
        case .classifier: return .classifier
        case .fuse: return .fusion
        default: return nil
        }
    }
}
