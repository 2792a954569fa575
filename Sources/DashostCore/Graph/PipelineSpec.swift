import Foundation

/// A reference to a node's output port: `"node"` (its default port) or `"node.port"`.
public struct PortRef: Equatable, Sendable, CustomStringConvertible {
    /// The producing node's id.
    public let node: String
    /// The port, or `nil` for the node's default (first) output.
    public let port: String?

    /// Parses `"node"` or `"node.port"`.
    public init(_ text: String) {
        if let dot = text.firstIndex(of: ".") {
            node = String(text[..<dot])
            port = String(text[text.index(after: dot)...])
        } else {
            node = text
            port = nil
        }
    }

    public var description: String { port.map { "\(node).\($0)" } ?? node }
}

/// One node of a pipeline file, as written (not yet validated against the registry).
public struct NodeSpec: @unchecked Sendable {
    /// Unique id, `[A-Za-z0-9_-]+`.
    public let id: String
    /// What the node does.
    public let type: NodeType
    /// Registered plugin name, for detector, policy, classifier and fuse nodes.
    public let plugin: String?
    /// Plugin parameters as a JSON object text (merged over the registry entry's params).
    public let params: String
    /// Input port name -> producing port.
    public let inputs: [String: PortRef]
    /// Node options, checked against `NodeType.optionTable` when parsed; absent ones are not stored.
    public let options: [String: NodeOption.Value]

    /// A string option, its default when absent, or `nil`.
    func string(_ key: String) -> String? {
        let value = options[key] ?? type.option(key)?.defaultValue
        if case let .string(s)? = value { return s }
        return nil
    }

    /// A number option, its default when absent, or `nil`.
    func number(_ key: String) -> Double? {
        let value = options[key] ?? type.option(key)?.defaultValue
        if case let .number(n)? = value { return n }
        return nil
    }
}

/// A pipeline file: a seed and a list of nodes whose inputs name other nodes' outputs.
public struct PipelineSpec: Sendable {
    /// The file it was read from (for messages), or a label.
    public let file: String
    /// Folder that relative paths in the file are resolved against.
    public let folder: String
    /// The seed every random choice derives from.
    public let seed: UInt64
    /// Nodes in file order.
    public let nodes: [NodeSpec]

    /// The seed of a pipeline that names none.
    public static let defaultSeed: UInt64 = 42

    /// Reads a pipeline file.
    public init(file: String) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PipelineError("pipeline file '\(file)' not found or unreadable")
        }
        try self.init(json: data, file: file, folder: URL(fileURLWithPath: file).deletingLastPathComponent().path)
    }

    /// Parses pipeline JSON.
    public init(json: Data, file: String, folder: String) throws {
        self.file = file
        self.folder = folder
        let parsed: Any
        do { parsed = try JSONDocument.parse(json, source: file) } catch {
            throw PipelineError("\(error)")
        }
        guard let root = parsed as? [String: Any] else { throw PipelineError("\(file): the top level must be a JSON object") }
        if let unknown = root.keys.filter({ !["seed", "nodes", "description"].contains($0) }).sorted().first {
            throw PipelineError("\(file): unknown top-level field '\(unknown)'")
        }
        if let s = root["seed"] {
            guard let n = JSONDocument.exactUInt64(s) else {
                throw PipelineError("\(file): field 'seed' must be a non-negative integer (0 ... \(UInt64.max), written without a fraction or exponent)")
            }
            seed = n
        } else {
            seed = PipelineSpec.defaultSeed
        }
        guard let rawNodes = root["nodes"] as? [[String: Any]], !rawNodes.isEmpty else {
            throw PipelineError("\(file): field 'nodes' must be a non-empty array of objects")
        }
        var seen = Set<String>()
        nodes = try rawNodes.enumerated().map { index, raw in
            let node = try PipelineSpec.parseNode(raw, index: index, file: file)
            guard seen.insert(node.id).inserted else { throw PipelineError("\(file): two nodes have the id '\(node.id)'") }
            return node
        }
    }

    private static func parseNode(_ raw: [String: Any], index: Int, file: String) throws -> NodeSpec {
        guard let id = raw["id"] as? String, !id.isEmpty else {
            throw PipelineError("\(file): nodes[\(index)] has no string field 'id'")
        }
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw PipelineError.node(id, "id must match [A-Za-z0-9_-]+")
        }
        guard let typeText = raw["type"] as? String else { throw PipelineError.node(id, "missing field 'type'") }
        guard let type = NodeType(rawValue: typeText) else {
            throw PipelineError.node(id, "unknown type '\(typeText)' (known: \(NodeType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let structural: Set<String> = ["id", "type", "plugin", "params", "inputs"]
        var options: [String: NodeOption.Value] = [:]
        for (key, value) in raw.sorted(by: { $0.key < $1.key }) where !structural.contains(key) {
            guard let option = type.option(key) else {
                let allowed = type.optionTable.map(\.name).sorted().joined(separator: ", ")
                throw PipelineError.node(id, "unknown field '\(key)' for a \(type.rawValue) node (options: \(allowed.isEmpty ? "none" : allowed))")
            }
            do { options[key] = try option.check(value) } catch { throw PipelineError.node(id, "\(error)") }
        }
        var plugin: String?
        if type.pluginKind != nil {
            guard let p = raw["plugin"] as? String, !p.isEmpty else {
                throw PipelineError.node(id, "a \(type.rawValue) node needs a field 'plugin'")
            }
            plugin = p
        } else if raw["plugin"] != nil {
            throw PipelineError.node(id, "a \(type.rawValue) node takes no plugin")
        }
        var params = "{}"
        if let p = raw["params"] {
            guard type.pluginKind != nil else { throw PipelineError.node(id, "a \(type.rawValue) node takes no 'params' (use its options)") }
            guard p is [String: Any], let data = try? JSONSerialization.data(withJSONObject: p, options: [.sortedKeys]) else {
                throw PipelineError.node(id, "field 'params' must be a JSON object")
            }
            params = String(decoding: data, as: UTF8.self)
        }
        var inputs: [String: PortRef] = [:]
        if let rawInputs = raw["inputs"] {
            guard let object = rawInputs as? [String: Any] else {
                throw PipelineError.node(id, "field 'inputs' must be an object of port name -> \"node\" or \"node.port\"")
            }
            for (port, value) in object {
                guard let text = value as? String, !text.isEmpty else {
                    throw PipelineError.node(id, "input '\(port)' must be a string \"node\" or \"node.port\"")
                }
                inputs[port] = PortRef(text)
            }
        }
        return NodeSpec(id: id, type: type, plugin: plugin, params: params, inputs: inputs, options: options)
    }
}
