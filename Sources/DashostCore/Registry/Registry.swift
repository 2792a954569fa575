import Foundation

/// The plugin registry (`registry.json`): every plugin's name, kind, library and version; each
/// detector's paired synthesis policy and algorithm description; the default enhancement classifier
/// and fusion rule. Several files can be merged (a third party ships its own fragment next to its
/// libraries); a name declared twice is an error naming both files. See docs/registry.md.
public final class Registry: @unchecked Sendable {
    /// The registry file(s), for messages.
    public let file: String
    /// Entries in file order.
    public let entries: [RegistryEntry]
    /// Default classifier for the standard enhancement graph.
    public let defaultClassifier: String
    /// Default fusion rule for the standard enhancement graph.
    public let defaultFusion: String
    /// Where bare library names are searched.
    public let searchPath: PluginSearchPath
    private let byName: [String: RegistryEntry]

    /// Reads, merges and validates registry files (the first file's defaults win).
    public convenience init(files: [String], extraPluginPaths: [String] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var documents: [(data: Data, file: String)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RegistryError("registry file '\(file)' not found or unreadable")
            }
            documents.append((data, file))
        }
        let folders = files.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        try self.init(documents: documents,
                      searchPath: PluginSearchPath(registryFolders: folders, extra: extraPluginPaths, environment: environment))
    }

    /// Reads and validates one registry file.
    public convenience init(file: String, extraPluginPaths: [String] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(files: [file], extraPluginPaths: extraPluginPaths, environment: environment)
    }

    /// Parses and merges registry documents.
    init(documents: [(data: Data, file: String)], searchPath: PluginSearchPath) throws {
        self.file = documents.map(\.file).joined(separator: ", ")
        self.searchPath = searchPath
        var entries: [RegistryEntry] = []
        var byName: [String: RegistryEntry] = [:]
        var defaultClassifier: String?
        var defaultFusion: String?
        for (json, file) in documents {
            let parsed = try Registry.parse(json, file: file)
            for entry in parsed.entries {
                if let previous = byName[entry.name] {
                    throw RegistryError(previous.file == file
                        ? "\(file): duplicate plugin name '\(entry.name)'"
                        : "plugin name '\(entry.name)' is declared in both \(previous.file) and \(file)")
                }
                byName[entry.name] = entry
                entries.append(entry)
            }
            defaultClassifier = defaultClassifier ?? parsed.classifier
            defaultFusion = defaultFusion ?? parsed.fusion
        }
        self.defaultClassifier = defaultClassifier ?? "random_forest"
        self.defaultFusion = defaultFusion ?? "minmax_sum"
        self.entries = entries
        self.byName = byName
        // Cross-references: every detector's policy must be a registered policy.
        for entry in entries where entry.kind == .detector {
            guard let policy = entry.policy else {
                throw RegistryError("\(entry.file): detector '\(entry.name)' has no field 'policy' (its synthesis policy)")
            }
            guard let target = byName[policy] else {
                throw RegistryError("\(entry.file): detector '\(entry.name)' names policy '\(policy)', which is not registered")
            }
            guard target.kind == .policy else {
                throw RegistryError("\(entry.file): detector '\(entry.name)' names '\(policy)' as its policy, but it is a \(target.kind.rawValue)")
            }
        }
    }

    /// One parsed document: its entries and defaults.
    private static func parse(_ json: Data, file: String) throws -> (entries: [RegistryEntry], classifier: String?, fusion: String?) {
        guard let root = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw RegistryError("\(file): not a JSON object")
        }
        if let format = root["format"], (format as? String) != "dashost-registry/1" {
            throw RegistryError("\(file): field 'format' is \(format), expected \"dashost-registry/1\"")
        }
        guard let plugins = root["plugins"] as? [[String: Any]] else {
            throw RegistryError("\(file): missing array field 'plugins'")
        }
        if let unknown = root.keys.filter({ !["format", "defaults", "plugins", "description"].contains($0) }).sorted().first {
            throw RegistryError("\(file): unknown top-level field '\(unknown)'")
        }
        let entries = try plugins.enumerated().map { index, raw in
            try Registry.parseEntry(raw, at: "\(file): plugins[\(index)]", file: file)
        }
        let defaults = root["defaults"] as? [String: Any] ?? [:]
        return (entries, defaults["classifier"] as? String, defaults["fusion"] as? String)
    }

    private static func parseEntry(_ raw: [String: Any], at index: String, file: String) throws -> RegistryEntry {
        var place = index
        func string(_ key: String, required: Bool = true) throws -> String? {
            guard let value = raw[key] else {
                if required { throw RegistryError("\(place): missing field '\(key)'") }
                return nil
            }
            guard let s = value as? String, !s.isEmpty else { throw RegistryError("\(place): field '\(key)' must be a non-empty string") }
            return s
        }
        let name = try string("name")!
        place = "\(index) ('\(name)')"
        let kindText = try string("kind")!
        guard let kind = PluginKind(rawValue: kindText) else {
            throw RegistryError("\(place): field 'kind' is '\(kindText)', expected one of detector, policy, classifier, fusion")
        }
        let known: Set<String> = ["name", "kind", "library", "version", "policy", "description", "params"]
        if let unknown = raw.keys.filter({ !known.contains($0) }).sorted().first {
            throw RegistryError("\(place): unknown field '\(unknown)'")
        }
        var params = "{}"
        if let p = raw["params"] {
            guard p is [String: Any], let data = try? JSONSerialization.data(withJSONObject: p, options: [.sortedKeys]) else {
                throw RegistryError("\(place): field 'params' must be a JSON object")
            }
            params = String(decoding: data, as: UTF8.self)
        }
        let policy = try string("policy", required: false)
        if policy != nil && kind != .detector {
            throw RegistryError("\(place): field 'policy' is only for detectors")
        }
        return RegistryEntry(name: name, kind: kind, library: try string("library")!, version: try string("version")!,
                             policy: policy, description: try string("description", required: kind == .detector) ?? "",
                             params: params, file: file)
    }

    /// The entry named `name`, or an error listing the registered names of that kind.
    public func entry(_ name: String, kind: PluginKind? = nil) throws -> RegistryEntry {
        guard let entry = byName[name] else {
            let candidates = entries.filter { kind == nil || $0.kind == kind }.map(\.name)
            throw RegistryError("no plugin named '\(name)' in \(file) (registered\(kind.map { " \($0.rawValue)s" } ?? ""): \(candidates.joined(separator: ", ")))")
        }
        if let kind, entry.kind != kind {
            throw RegistryError("plugin '\(name)' in \(file) is a \(entry.kind.rawValue), not a \(kind.rawValue)")
        }
        return entry
    }

    /// Finds, loads and checks the library of `name`: its reported name, kind and version must be
    /// the registry's.
    public func load(_ name: String, kind: PluginKind? = nil) throws -> PluginLibrary {
        let entry = try entry(name, kind: kind)
        let folder = URL(fileURLWithPath: entry.file).deletingLastPathComponent().path
        let path = try searchPath.resolve(entry.library, relativeTo: folder)
        let library = try PluginLibrary.open(path: path)
        guard library.name == entry.name else {
            throw RegistryError("\(file): entry '\(entry.name)' points to '\(path)', which is the plugin '\(library.name)'")
        }
        guard library.kind == entry.kind else {
            throw LoadError.wrongKind(plugin: library.name, path: path, expected: entry.kind, actual: library.kind)
        }
        guard library.version == entry.version else {
            throw RegistryError("\(file): entry '\(entry.name)' expects version \(entry.version), but '\(path)' is version \(library.version) (stale registry entry?)")
        }
        return library
    }

    /// The policy paired with detector `name`.
    public func policy(forDetector name: String) throws -> String {
        let entry = try entry(name, kind: .detector)
        return entry.policy!
    }
}
