import Foundation

/// The method's standard graph, built from the registry: the detector, its registered policy, the
/// default (or given) enhancement classifier and fusion rule:
///
///     data ─train─> detector ─model─> policy ─> augment <─train─ data
///       └──test──> detector.score, classifier.score      augment ─> classifier
///     fuse(detector, classifier) ─> evaluate ─> write
///
/// With labels the paper's split is used and AUC-PR/AUC-ROC are computed for the detector alone
/// ("detector") and the enhanced detector ("enhanced"); without labels every row is fitted and scored.
public struct StandardPipeline {
    /// Detector plugin name.
    public var detector: String
    /// Data file.
    public var data: String
    /// CSV label column (nil: none for CSV; the array `y` for .npz/.mat).
    public var label: String?
    /// Policy plugin (nil: the detector's registered policy).
    public var policy: String?
    /// Classifier plugin (nil: the registry default).
    public var classifier: String?
    /// Fusion plugin (nil: the registry default).
    public var fusion: String?
    /// Plugin params per role ("detector", "policy", "classifier", "fusion"), JSON object texts.
    public var params: [String: String] = [:]
    /// Stream the data in chunks of this many rows (`.npz` only; nil: read whole). `dashost enhance`
    /// streams large `.npz` files by default (`DatasetLoader.defaultChunkRows`).
    public var chunkRows: Int?
    /// Synthetic anomalies per training row.
    public var ratio: Double = {
        guard case let .number(n)? = NodeType.policy.option("ratio")?.defaultValue else { preconditionFailure("policy nodes have a ratio default") }
        return n
    }()
    /// The classifier node's `reference` option (nil: its default, `heldout`).
    public var classifierReference: String?
    /// false: only the detector is fitted and evaluated (the benchmark's `base` configuration).
    public var enhance = true
    /// Pipeline seed.
    public var seed: UInt64 = PipelineSpec.defaultSeed
    /// Scores CSV to write (nil: none).
    public var scoresPath: String?
    /// Metrics JSON to write (nil: none).
    public var metricsPath: String?

    /// Describes the standard graph for `detector` on `data`.
    public init(detector: String, data: String, label: String? = nil) {
        self.detector = detector
        self.data = data
        self.label = label
    }

    /// Whether the data will carry labels: array files always name `y`; CSV only with a label column.
    public var hasLabels: Bool { !data.lowercased().hasSuffix(".csv") || label != nil }

    /// The graph as pipeline JSON (the same format `dashost run` reads).
    public func json(registry: Registry) throws -> [String: Any] {
        let policyName = try policy ?? registry.policy(forDetector: detector)
        func params(_ role: String) -> Any {
            (try? JSONSerialization.jsonObject(with: Data((self.params[role] ?? "{}").utf8))) ?? [:]
        }
        var source: [String: Any] = ["id": "data", "type": "source", "path": data]
        if let label { source["label"] = label }
        if let chunkRows { source["chunk_rows"] = chunkRows }
        let detectorNode: [String: Any] = ["id": "detector", "type": "detector", "plugin": detector, "params": params("detector"),
                                           "inputs": ["fit": "data.train", "score": "data.test"]]
        guard enhance else {
            var nodes = [source, detectorNode]
            if hasLabels { nodes.append(["id": "evaluate", "type": "evaluate", "inputs": ["detector": "detector"]]) }
            return ["seed": seed, "nodes": nodes]
        }
        var classifierNode: [String: Any] = ["id": "classifier", "type": "classifier", "plugin": try classifier ?? registry.requireDefault(.classifier),
                                             "params": params("classifier"), "inputs": ["fit": "augment", "score": "data.test"]]
        if let classifierReference { classifierNode["reference"] = classifierReference }
        var nodes: [[String: Any]] = [
            source,
            detectorNode,
            ["id": "policy", "type": "policy", "plugin": policyName, "params": params("policy"), "ratio": ratio,
             "inputs": ["detector": "detector.model"]],
            ["id": "augment", "type": "augment", "inputs": ["normal": "data.train", "anomalies": "policy"]],
            classifierNode,
            ["id": "enhanced", "type": "fuse", "plugin": try fusion ?? registry.requireDefault(.fusion), "params": params("fusion"),
             "inputs": ["detector": "detector", "classifier": "classifier"]],
        ]
        if hasLabels {
            nodes.append(["id": "evaluate", "type": "evaluate", "inputs": ["detector": "detector", "enhanced": "enhanced"]])
        }
        var write: [String: Any] = ["id": "write", "type": "write"]
        var writeInputs: [String: String] = [:]
        if let scoresPath {
            write["path"] = scoresPath
            writeInputs = ["detector": "detector", "classifier": "classifier", "enhanced": "enhanced"]
        }
        if let metricsPath, hasLabels {
            write["metrics_path"] = metricsPath
            writeInputs["metrics"] = "evaluate"
        }
        if !writeInputs.isEmpty {
            write["inputs"] = writeInputs
            nodes.append(write)
        }
        return ["seed": seed, "nodes": nodes]
    }

    /// The graph as a parsed pipeline; relative data paths are taken from the current directory.
    public func spec(registry: Registry) throws -> PipelineSpec {
        let data = try JSONSerialization.data(withJSONObject: json(registry: registry), options: [.sortedKeys])
        return try PipelineSpec(json: data, file: "(enhance \(detector))", folder: FileManager.default.currentDirectoryPath)
    }
}
