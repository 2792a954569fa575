/// One registered name: a plugin as its library declares it, or a preset of one (the same plugin
/// with fixed params under another name), with what the registry adds (pairing, params, pins).
public struct RegistryEntry: Sendable {
    /// The registered name (the plugin's own name, or the preset's).
    public let name: String
    /// The plugin behind the name, as its binary declares it.
    public let plugin: Plugin
    /// For a preset: the plugin name it is a preset of.
    public let preset: String?
    /// Detectors only: the synthesis policy this detector is enhanced with (the registry's pairing,
    /// else the binary's `default_policy`).
    public let policy: String?
    /// The algorithm description: the registry's override, else the binary's.
    public let description: String
    /// One line: the preset's, else the binary's.
    public let summary: String
    /// Default parameters for this name (a JSON object), merged under a pipeline node's params.
    public let params: String
    /// The registry file (fragment) that declared it: its library's, or the preset's.
    public let file: String
    /// The least isolation its plugin runs with: `.sandbox` for a library the registry marks
    /// `"trust": "untrusted"`, else `.none`.
    public var trust: IsolationLevel = .none

    /// What it is (the binary's kind).
    public var kind: PluginKind { plugin.kind }
    /// The plugin's own version (from the binary).
    public var version: String { plugin.version }
    /// The resolved library file.
    public var library: String { plugin.path }
}
