/// Checks a pipeline against the node types and the registry before anything runs.
///
/// Errors name the node: unknown plugin or plugin of the wrong kind, bad params (the plugin itself
/// is asked, by creating and destroying a throw-away instance), missing or unknown input, link to a
/// port that does not exist or has another type, and cycles.
public enum PipelineValidator {
    /// Validates `spec`, loading every plugin it names from `registry`. Every plugin node runs with
    /// at least `isolation` (the command line's `--isolate` / `--sandbox`), its registry entry's
    /// trust and its own `isolation` option, whichever is the most isolated.
    public static func validate(_ spec: PipelineSpec, registry: Registry, isolation: IsolationLevel = .none) throws -> ValidatedPipeline {
        let byId = Dictionary(uniqueKeysWithValues: spec.nodes.map { ($0.id, $0) })
        var nodes: [String: ValidatedPipeline.Node] = [:]
        for node in spec.nodes {
            var plugin: Plugin?
            var params = node.params
            var settings = IsolationSettings.inProcess
            if let kind = node.type.pluginKind, let name = node.plugin {
                let entry: RegistryEntry
                do {
                    entry = try registry.entry(name, kind: kind)
                    plugin = entry.plugin
                    params = mergeParams(base: entry.params, override: node.params)
                } catch {
                    throw PipelineError.node(node.id, "\(error)")
                }
                settings = isolationSettings(node, floor: max(isolation, entry.trust))
                if settings.level == .none {
                    try checkParams(node, plugin!, params)
                } else {
                    // An isolated plugin's code never runs in the host: the schema is checked here,
                    // the plugin's own rules by its create in the child.
                    do { _ = try plugin!.schema.validate(params) } catch {
                        throw PipelineError.node(node.id, "bad params for plugin '\(plugin!.name)': \(error)")
                    }
                }
            }
            try checkOptions(node)
            let inputs = try resolveInputs(node, byId: byId)
            nodes[node.id] = ValidatedPipeline.Node(spec: node, plugin: plugin, params: params, inputs: inputs, isolation: settings)
        }
        let order = try topologicalOrder(spec.nodes, nodes)
        return ValidatedPipeline(spec: spec, nodes: nodes, order: order)
    }

    /// The node's isolation: its own option, raised to `floor`, with its limits.
    private static func isolationSettings(_ node: NodeSpec, floor: IsolationLevel) -> IsolationSettings {
        let asked = node.string("isolation").flatMap(IsolationLevel.init(rawValue:)) ?? .none
        return IsolationSettings(level: max(asked, floor), timeoutSeconds: node.number("timeout_seconds"),
                                 memoryLimitMB: node.number("memory_limit_mb").map { Int($0) },
                                 cpuSeconds: node.number("cpu_seconds").map { Int($0) })
    }

    /// Creates a throw-away instance: the host checks the params against the plugin's schema before
    /// `create` (`PluginInstance`), then the plugin checks the rules between params.
    private static func checkParams(_ node: NodeSpec, _ plugin: Plugin, _ params: String) throws {
        do {
            switch plugin.kind {
            case .detector: _ = try DetectorInstance(plugin, params: params, seed: 0)
            case .policy: _ = try PolicyInstance(plugin, params: params, seed: 0)
            case .classifier: _ = try ClassifierInstance(plugin, params: params, seed: 0)
            case .fusion: _ = try FusionInstance(plugin, params: params, seed: 0)
            }
        } catch let error as PluginCallError {
            throw PipelineError.node(node.id, "bad params for plugin '\(plugin.name)': \(error.message)")
        }
    }

    /// The rules between options that one option's table entry cannot state (values and ranges
    /// were checked against `NodeType.optionTable` when the file was parsed).
    private static func checkOptions(_ node: NodeSpec) throws {
        switch node.type {
        case .source:
            guard node.string("path") != nil else { throw PipelineError.node(node.id, "a source node needs a 'path'") }
        case .write:
            guard node.string("path") != nil || node.string("metrics_path") != nil else {
                throw PipelineError.node(node.id, "a write node needs 'path' (scores CSV) and/or 'metrics_path' (metrics JSON)")
            }
        default:
            break
        }
    }

    /// Resolves and type-checks every input link of `node`.
    private static func resolveInputs(_ node: NodeSpec, byId: [String: NodeSpec]) throws -> [String: (node: String, port: String)] {
        var resolved: [String: (node: String, port: String)] = [:]
        let fixed = Dictionary(uniqueKeysWithValues: node.type.inputs.map { ($0.name, $0) })
        for input in node.type.inputs where input.required && node.inputs[input.name] == nil {
            throw PipelineError.node(node.id, "missing input '\(input.name)' (a \(input.type.rawValue))")
        }
        if node.type.namedInputTypes != nil && node.inputs.isEmpty {
            throw PipelineError.node(node.id, "a \(node.type.rawValue) node needs at least one input")
        }
        for (port, ref) in node.inputs.sorted(by: { $0.key < $1.key }) {
            let accepted: [PortType]
            if let input = fixed[port] {
                accepted = [input.type]
            } else if let named = node.type.namedInputTypes {
                accepted = named
            } else {
                let known = node.type.inputs.map(\.name).joined(separator: ", ")
                throw PipelineError.node(node.id, "unknown input '\(port)' for a \(node.type.rawValue) node (inputs: \(known.isEmpty ? "none" : known))")
            }
            guard let producer = byId[ref.node] else {
                throw PipelineError.node(node.id, "input '\(port)' refers to '\(ref)', but there is no node '\(ref.node)'")
            }
            guard let output = ref.port.map({ p in producer.type.outputs.first { $0.name == p } }) ?? producer.type.outputs.first else {
                let ports = producer.type.outputs.map(\.name).joined(separator: ", ")
                throw PipelineError.node(node.id, "input '\(port)' refers to '\(ref)', but node '\(ref.node)' has no output '\(ref.port ?? "")' (outputs: \(ports.isEmpty ? "none" : ports))")
            }
            guard accepted.contains(output.type) else {
                throw PipelineError.node(node.id, "type mismatch: input '\(port)' takes \(accepted.map(\.rawValue).joined(separator: " or ")), but '\(ref.node).\(output.name)' is \(output.type.rawValue)")
            }
            resolved[port] = (ref.node, output.name)
        }
        return resolved
    }

    /// Kahn's algorithm in file order; a leftover node is on a cycle, which the error spells out.
    private static func topologicalOrder(_ specs: [NodeSpec], _ nodes: [String: ValidatedPipeline.Node]) throws -> [String] {
        var indegree = Dictionary(uniqueKeysWithValues: specs.map { ($0.id, Set(nodes[$0.id]!.inputs.values.map(\.node)).count) })
        var consumers: [String: [String]] = [:]
        for spec in specs {
            for producer in Set(nodes[spec.id]!.inputs.values.map(\.node)) { consumers[producer, default: []].append(spec.id) }
        }
        var order: [String] = []
        var ready = specs.map(\.id).filter { indegree[$0] == 0 }
        while !ready.isEmpty {
            let id = ready.removeFirst()
            order.append(id)
            for consumer in consumers[id] ?? [] {
                indegree[consumer]! -= 1
                if indegree[consumer] == 0 { ready.append(consumer) }
            }
        }
        if order.count < specs.count {
            let remaining = Set(specs.map(\.id)).subtracting(order)
            var cycle: [String] = [specs.first { remaining.contains($0.id) }!.id]
            // Walk backwards along inputs inside the remaining set until a node repeats.
            while true {
                let producers = nodes[cycle.last!]!.inputs.values.map(\.node).filter { remaining.contains($0) }.sorted()
                guard let next = producers.first else { break }
                if let start = cycle.firstIndex(of: next) {
                    cycle = Array(cycle[start...]) + [next]
                    break
                }
                cycle.append(next)
            }
            throw PipelineError("pipeline has a cycle: \(cycle.reversed().joined(separator: " -> "))")
        }
        return order
    }
}
