import Dispatch
import Foundation

/// What a pipeline run produced.
public struct RunResult: Sendable {
    /// Every metrics row computed by evaluate nodes, in node order.
    public let metrics: [MetricRow]
    /// Files written by write nodes.
    public let written: [String]
    /// Wall-clock seconds per node id.
    public let seconds: [String: Double]
    /// Values on every output port, by "node.port" (for tests and the bench).
    public let values: [String: PortValue]
    /// Wall-clock seconds of the stages inside nodes, by "node.stage" (e.g. "detector.fit").
    public let stages: [String: Double]
}

/// Runs a validated pipeline: each node starts as soon as all its inputs are ready, so independent
/// branches run in parallel. Each node's seed is derived from the pipeline seed and its id, so the
/// results do not depend on scheduling. A failing node fails only what depends on it: every other
/// branch still runs, its write nodes' files are published, and the run then throws an error
/// naming each failed node, the nodes skipped because of it, and the files that were written.
public struct PipelineRunner {
    /// Folder that write nodes' relative paths are resolved against.
    public var outputFolder: String = FileManager.default.currentDirectoryPath
    /// Files the run must never write besides its own inputs (which are found from the pipeline: source
    /// data, plugin libraries, the pipeline file): e.g. the registry files, as (what, path) for messages.
    public var protectedInputs: [(what: String, path: String)] = []
    /// Called when a node starts and finishes (for progress output); may be called from any thread.
    public var onEvent: (@Sendable (String) -> Void)?

    /// A runner writing into the current directory.
    public init() {}

    /// Runs `pipeline` and returns its metrics, written files and timings.
    ///
    /// Before any node runs, every output target is checked (`OutputPlan`: no two outputs on one file,
    /// only regular files, no symlink out of the output folder, never an input of the run). Outputs are
    /// staged and published together at the end. A write node runs only when every node upstream of
    /// it succeeded, so whatever is published is complete; a write node downstream of a failure
    /// writes nothing (and an older file at its path is left as it was).
    public func run(_ pipeline: ValidatedPipeline) throws -> RunResult {
        let plan = try OutputPlan(pipeline: pipeline, outputFolder: outputFolder, protected: protectedInputs)
        var consumers: [String: [String]] = [:]
        var waiting: [String: Int] = [:]
        for id in pipeline.order {
            let producers = Set(pipeline.nodes[id]!.inputs.values.map(\.node))
            waiting[id] = producers.count
            for p in producers { consumers[p, default: []].append(id) }
        }
        let state = RunState(waiting: waiting, consumers: consumers)
        // Nodes with a consumer that reads reference scores (NodeType.readsReferenceScores).
        let referencesRead = Set(consumers.filter { $0.value.contains { pipeline.nodes[$0]!.spec.type.readsReferenceScores } }.keys)
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "dashost.pipeline", attributes: .concurrent)
        let inputFolder = pipeline.spec.folder
        let outputFolder = self.outputFolder
        let onEvent = self.onEvent
        let clock = StageClock()
        let prewarmed = ServerPrewarm(pipeline)

        @Sendable func launch(_ id: String) {
            group.enter()
            queue.async {
                defer { group.leave() }
                let node = pipeline.nodes[id]!
                let inputs = state.inputs(for: node)
                var ctx = NodeContext(node: node, inputs: inputs,
                                      seed: NodeContext.seed(pipelineSeed: pipeline.spec.seed, nodeId: id),
                                      inputFolder: inputFolder, outputFolder: outputFolder, clock: clock)
                ctx.referencesRead = referencesRead.contains(id)
                ctx.outputs = plan
                ctx.prewarmed = prewarmed
                onEvent?("start \(id)")
                let start = DispatchTime.now().uptimeNanoseconds
                do {
                    let (outputs, written) = try PipelineRunner.execute(ctx)
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    onEvent?(String(format: "done  %@ (%.3f s)", id, seconds))
                    let ready = state.finish(id, outputs: outputs, written: written, seconds: seconds)
                    ready.forEach(launch)
                } catch {
                    state.fail(error, node: id)
                }
            }
        }
        for id in pipeline.order where waiting[id] == 0 { launch(id) }
        // Not group.wait(): a signal must be able to stop the run while this thread waits (see
        // InterruptibleCompletion). Every launch is entered before its launcher leaves, so the group
        // empties only once every node has finished.
        InterruptibleCompletion(notifiedBy: group).wait()
        // Every node's closure has also been released (with the instances it held), so isolated
        // instances nobody kept are back in the server pool before the next run starts.
        queue.sync(flags: .barrier) {}
        do { try plan.publish() } catch {
            plan.discard()
            throw error
        }
        if !state.failures.isEmpty {
            let ran = Set(state.seconds.keys).union(state.failures.map(\.node))
            let skipped = pipeline.order.filter { !ran.contains($0) }
            throw PipelineRunError(failures: state.failures.map { ($0.node, $0.error) }, skipped: skipped, written: state.written)
        }
        let metrics = pipeline.order.flatMap { id -> [MetricRow] in
            if case let .metrics(rows)? = state.values["\(id).metrics"] { return rows }
            return []
        }
        return RunResult(metrics: metrics, written: state.written, seconds: state.seconds, values: state.values,
                         stages: clock.totals)
    }

    /// Runs one node by type.
    static func execute(_ ctx: NodeContext) throws -> (outputs: [String: PortValue], written: [String]) {
        do {
            switch ctx.node.spec.type {
            case .source: return (try SourceNode.run(ctx), [])
            case .detector: return (try DetectorNode.run(ctx), [])
            case .policy: return (try PolicyNode.run(ctx), [])
            case .augment: return (try AugmentNode.run(ctx), [])
            case .classifier: return (try ClassifierNode.run(ctx), [])
            case .normalise: return (try NormaliseNode.run(ctx), [])
            case .fuse: return (try FuseNode.run(ctx), [])
            case .evaluate: return (try EvaluateNode.run(ctx), [])
            case .write: return try WriteNode.run(ctx)
            }
        } catch let error as PipelineError {
            throw error
        } catch {
            // Plugin, data and output errors get the node's name in front.
            throw ctx.error("\(error)")
        }
    }
}

/// Shared state of one run, guarded by a lock.
private final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [String: PortValue] = [:]
    private(set) var written: [String] = []
    private(set) var seconds: [String: Double] = [:]
    /// Failed nodes in the order they failed.
    private(set) var failures: [(node: String, error: Error)] = []
    private var waiting: [String: Int]
    private let consumers: [String: [String]]

    init(waiting: [String: Int], consumers: [String: [String]]) {
        self.waiting = waiting
        self.consumers = consumers
    }

    func inputs(for node: ValidatedPipeline.Node) -> [String: PortValue] {
        lock.lock(); defer { lock.unlock() }
        return node.inputs.compactMapValues { values["\($0.node).\($0.port)"] }
    }

    /// Records a node's outputs and returns the consumers that became ready (none after a failure).
    func finish(_ id: String, outputs: [String: PortValue], written files: [String], seconds s: Double) -> [String] {
        lock.lock(); defer { lock.unlock() }
        for (port, value) in outputs { values["\(id).\(port)"] = value }
        written += files
        seconds[id] = s
        var ready: [String] = []
        for c in consumers[id] ?? [] {
            waiting[c]! -= 1
            if waiting[c] == 0 { ready.append(c) }
        }
        return ready
    }

    /// Records a failed node; its consumers never become ready, so nothing that depends on it runs.
    func fail(_ e: Error, node: String) {
        lock.lock(); defer { lock.unlock() }
        failures.append((node, e))
    }
}
