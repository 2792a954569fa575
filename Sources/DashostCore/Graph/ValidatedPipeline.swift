/// A pipeline that passed validation: every plugin loaded and accepted its params, every input is
/// connected to an existing port of the right type, and the graph has no cycle.
public struct ValidatedPipeline: Sendable {
    /// A node ready to run.
    public struct Node: Sendable {
        /// The node as written.
        public let spec: NodeSpec
        /// Its plugin, loaded, for plugin nodes.
        public let plugin: Plugin?
        /// Plugin params after merging over the registry entry's.
        public let params: String
        /// Input port -> (producing node, producing port).
        public let inputs: [String: (node: String, port: String)]
        /// Where its plugin runs, and the limits (in-process for nodes without a plugin).
        public let isolation: IsolationSettings
    }

    /// The parsed file.
    public let spec: PipelineSpec
    /// Nodes by id.
    public let nodes: [String: Node]
    /// Node ids in an order where every node follows its inputs.
    public let order: [String]
}
