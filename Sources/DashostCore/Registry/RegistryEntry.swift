/// One plugin as `registry.json` records it.
public struct RegistryEntry: Equatable, Sendable {
    /// The plugin's unique name (must equal the name its library reports).
    public let name: String
    /// What it is (must equal the kind its library reports).
    public let kind: PluginKind
    /// The library file: a bare file name searched on the plugin path, or a path relative to the
    /// registry's folder, or absolute.
    public let library: String
    /// The version the registry expects (must equal the version the library reports).
    public let version: String
    /// Detectors only: the synthesis policy paired with this detector (the method's pairing).
    public let policy: String?
    /// Detectors: the plain-text description of the algorithm that the LLM step reads to write a
    /// policy; other kinds: what the plugin does.
    public let description: String
    /// Default parameters for this entry (a JSON object), merged under a pipeline node's params.
    public let params: String
    /// The registry file that declared it; relative library paths are resolved from its folder.
    public let file: String
}
