import Foundation

/// What a node sees when it runs: its validated definition, its inputs' values and its own seed.
struct NodeContext {
    /// The node.
    let node: ValidatedPipeline.Node
    /// Values on its input ports.
    let inputs: [String: PortValue]
    /// The node's seed, derived from the pipeline seed and the node id (not from run order).
    let seed: UInt64
    /// Folder that the source path is resolved against (the pipeline file's).
    let inputFolder: String
    /// Folder that write paths are resolved against (the working directory or `--out`).
    let outputFolder: String
    /// Where the node records the durations of its stages.
    let clock: StageClock
    /// Whether a consumer of this node reads the reference scores of its outputs (see
    /// `NodeType.readsReferenceScores`); a node may skip computing references nobody reads.
    var referencesRead = true
    /// The run's outputs: write nodes stage their files here, published when the whole run succeeds.
    var outputs: OutputPlan?
    /// Servers started ahead for the run's isolated nodes.
    var prewarmed: ServerPrewarm?

    var id: String { node.spec.id }

    /// The node's plugin, present for plugin nodes (checked by the validator).
    var plugin: Plugin { node.plugin! }

    /// The node's detector instance: in the host, or in a child process as the node's isolation says.
    func makeDetector() throws -> any Detector {
        node.isolation.level == .none
            ? try DetectorInstance(plugin, params: node.params, seed: seed)
            : try prewarmed?.take(id).map(IsolatedDetector.init(server:))
                ?? IsolatedDetector(plugin, params: node.params, seed: seed, node: id, settings: node.isolation)
    }

    /// The node's policy instance (see `makeDetector`).
    func makePolicy() throws -> any Policy {
        node.isolation.level == .none
            ? try PolicyInstance(plugin, params: node.params, seed: seed)
            : try prewarmed?.take(id).map(IsolatedPolicy.init(server:))
                ?? IsolatedPolicy(plugin, params: node.params, seed: seed, node: id, settings: node.isolation)
    }

    /// A classifier instance of the node with `seed` (cross-fitting makes one per fold).
    func makeClassifier(seed: UInt64) throws -> any Classifier {
        node.isolation.level == .none
            ? try ClassifierInstance(plugin, params: node.params, seed: seed)
            : try (seed == self.seed ? prewarmed?.take(id).map(IsolatedClassifier.init(server:)) : nil)
                ?? IsolatedClassifier(plugin, params: node.params, seed: seed, node: id, settings: node.isolation)
    }

    /// The node's fusion instance (see `makeDetector`).
    func makeFusion() throws -> any Fusion {
        node.isolation.level == .none
            ? try FusionInstance(plugin, params: node.params, seed: seed)
            : try prewarmed?.take(id).map(IsolatedFusion.init(server:))
                ?? IsolatedFusion(plugin, params: node.params, seed: seed, node: id, settings: node.isolation)
    }

    func error(_ message: String) -> PipelineError { PipelineError.node(id, message) }

    /// Runs `body` as stage `"<node id>.<stage>"` of the run's clock.
    func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T { try clock.time("\(id).\(stage)", body) }

    func rows(_ port: String) throws -> RowSet {
        guard case let .rows(v)? = inputs[port] else { throw error("input '\(port)' is not connected to rows") }
        return v
    }

    func scores(_ port: String) throws -> ScoreColumnValue {
        guard case let .scores(v)? = inputs[port] else { throw error("input '\(port)' is not connected to scores") }
        return v
    }

    /// Every named score input, sorted by port name (so outputs do not depend on dictionary order).
    func namedScores() -> [(name: String, value: ScoreColumnValue)] {
        inputs.compactMap { key, value in
            if case let .scores(v) = value { return (key, v) }
            return nil
        }.sorted { $0.name < $1.name }
    }

    /// Resolves a relative path against `folder`.
    static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(path).path
    }

    /// Derives a node's seed: FNV-1a over the pipeline seed and the node id.
    static func seed(pipelineSeed: UInt64, nodeId: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array("\(pipelineSeed)/\(nodeId)".utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
