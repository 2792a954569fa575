import Foundation

/// One registry file (`dashost-registry/2`) as written, before its libraries are loaded.
@_spi(Testing) public struct RegistryDocument {
    /// One library the file lists, with its optional SHA-256 pin.
    struct Library {
        let library: String
        let sha256: String?
        /// `"trust": "untrusted"`: its plugins always run sandboxed (`IsolationLevel.sandbox`).
        let untrusted: Bool
        let place: String
    }

    /// Per-plugin additions: default params, a detector's pairing, a description override.
    struct Override {
        let params: [String: Any]?
        let policy: String?
        let description: String?
        let place: String
    }

    /// A new name for an existing plugin with fixed params.
    struct Preset {
        let name: String
        let plugin: String
        let params: [String: Any]
        let summary: String?
        let description: String?
        let place: String
    }

    let file: String
    let classifier: String?
    let fusion: String?
    let libraries: [Library]
    let overrides: [(name: String, override: Override)]
    let presets: [Preset]

    static let format = "dashost-registry/2"

    /// Parses one file; every error names the file and the entry.
    @_spi(Testing) public init(data: Data, file: String) throws {
        self.file = file
        let parsed: Any
        do { parsed = try JSONDocument.parse(data, source: file) } catch { throw RegistryError("\(error)") }
        guard let root = parsed as? [String: Any] else {
            throw RegistryError("\(file): not a JSON object")
        }
        guard let format = root["format"] as? String else {
            throw RegistryError("\(file): missing field 'format' (expected \"\(Self.format)\")")
        }
        guard format == Self.format else {
            let hint = format == "dashost-registry/1"
                ? ": version 1 listed every plugin with its name, kind and version, which now come from the binary; list the libraries instead (docs/registry.md)"
                : ""
            throw RegistryError("\(file): field 'format' is \"\(format)\", expected \"\(Self.format)\"\(hint)")
        }
        let known: Set<String> = ["format", "description", "defaults", "libraries", "plugins", "presets"]
        if let unknown = root.keys.filter({ !known.contains($0) }).sorted().first {
            throw RegistryError("\(file): unknown top-level field '\(unknown)'")
        }
        let defaults = try Self.object(root["defaults"], "\(file): field 'defaults'") ?? [:]
        if let unknown = defaults.keys.filter({ !["classifier", "fusion"].contains($0) }).sorted().first {
            throw RegistryError("\(file): defaults: unknown field '\(unknown)' (known: classifier, fusion)")
        }
        classifier = try Self.string(defaults["classifier"], "\(file): defaults.classifier")
        fusion = try Self.string(defaults["fusion"], "\(file): defaults.fusion")

        guard let libs = root["libraries"] as? [Any] else { throw RegistryError("\(file): missing array field 'libraries'") }
        libraries = try libs.enumerated().map { i, raw in
            let place = "\(file): libraries[\(i)]"
            if let name = raw as? String, !name.isEmpty { return Library(library: name, sha256: nil, untrusted: false, place: "\(place) ('\(name)')") }
            guard let object = raw as? [String: Any] else {
                throw RegistryError("\(place): must be a file name or an object {\"library\": ..., \"sha256\": ..., \"trust\": ...}")
            }
            if let unknown = object.keys.filter({ !["library", "sha256", "trust"].contains($0) }).sorted().first {
                throw RegistryError("\(place): unknown field '\(unknown)'")
            }
            guard let name = try Self.string(object["library"], "\(place): field 'library'") else {
                throw RegistryError("\(place): missing field 'library'")
            }
            let pin = try Self.string(object["sha256"], "\(place) ('\(name)'): field 'sha256'")
            if let pin, pin.count != 64 || !pin.allSatisfy({ $0.isHexDigit }) {
                throw RegistryError("\(place) ('\(name)'): field 'sha256' must be 64 hexadecimal digits")
            }
            let trust = try Self.string(object["trust"], "\(place) ('\(name)'): field 'trust'") ?? "trusted"
            guard ["trusted", "untrusted"].contains(trust) else {
                throw RegistryError("\(place) ('\(name)'): field 'trust' is '\(trust)', expected trusted or untrusted")
            }
            return Library(library: name, sha256: pin?.lowercased(), untrusted: trust == "untrusted", place: "\(place) ('\(name)')")
        }

        let plugins = try Self.object(root["plugins"], "\(file): field 'plugins'") ?? [:]
        overrides = try plugins.keys.sorted().map { name in
            let place = "\(file): plugins.\(name)"
            guard let object = plugins[name] as? [String: Any] else { throw RegistryError("\(place): must be an object") }
            if let unknown = object.keys.filter({ !["params", "policy", "description"].contains($0) }).sorted().first {
                throw RegistryError("\(place): unknown field '\(unknown)' (known: params, policy, description)")
            }
            return (name, Override(params: try Self.object(object["params"], "\(place): field 'params'"),
                                   policy: try Self.string(object["policy"], "\(place): field 'policy'"),
                                   description: try Self.string(object["description"], "\(place): field 'description'"),
                                   place: place))
        }

        guard root["presets"] == nil || root["presets"] is [Any] else { throw RegistryError("\(file): field 'presets' must be an array") }
        presets = try (root["presets"] as? [Any] ?? []).enumerated().map { i, raw in
            var place = "\(file): presets[\(i)]"
            guard let object = raw as? [String: Any] else { throw RegistryError("\(place): must be an object") }
            let known: Set<String> = ["name", "plugin", "params", "summary", "description"]
            guard let name = try Self.string(object["name"], "\(place): field 'name'") else { throw RegistryError("\(place): missing field 'name'") }
            place += " ('\(name)')"
            if let unknown = object.keys.filter({ !known.contains($0) }).sorted().first { throw RegistryError("\(place): unknown field '\(unknown)'") }
            guard let plugin = try Self.string(object["plugin"], "\(place): field 'plugin'") else {
                throw RegistryError("\(place): missing field 'plugin' (the plugin it is a preset of)")
            }
            return Preset(name: name, plugin: plugin, params: try Self.object(object["params"], "\(place): field 'params'") ?? [:],
                          summary: try Self.string(object["summary"], "\(place): field 'summary'"),
                          description: try Self.string(object["description"], "\(place): field 'description'"), place: place)
        }
    }

    private static func string(_ value: Any?, _ place: String) throws -> String? {
        guard let value else { return nil }
        guard let s = value as? String, !s.isEmpty else { throw RegistryError("\(place) must be a non-empty string") }
        return s
    }

    private static func object(_ value: Any?, _ place: String) throws -> [String: Any]? {
        guard let value else { return nil }
        guard let o = value as? [String: Any] else { throw RegistryError("\(place) must be a JSON object") }
        return o
    }
}
