import Foundation

/// The plugin registry: every plugin of every library the registry files list, with identity
/// (name, kind, version, description, default policy, params schema) read from the binaries, and
/// what the files add: pairings, per-plugin params, presets, SHA-256 pins, the default classifier and
/// fusion. Several files merge (the built-in registry, then each fragment a third party ships next
/// to its libraries); a name declared twice is an error naming both files. See docs/registry.md.
public final class Registry: @unchecked Sendable {
    /// The registry file(s), for messages.
    public let file: String
    /// Every registered name, in file order (plugins in library order, then presets).
    public let entries: [RegistryEntry]
    /// Default classifier for the standard enhancement graph (the last file that sets one wins).
    public let defaultClassifier: String?
    /// Default fusion rule for the standard enhancement graph (the last file that sets one wins).
    public let defaultFusion: String?
    /// Where bare library names are searched.
    public let searchPath: PluginSearchPath
    /// What could not be registered (a library that does not load, params its schema rejects, a
    /// pairing to nothing), each naming the file and entry; empty unless opened with `strict: false`.
    public let problems: [String]
    private let byName: [String: RegistryEntry]

    /// Reads, merges and validates registry files, loading every library they list. With `strict`
    /// (the default) the first problem is thrown; otherwise problems are collected (`dashost plugins`).
    /// With a `scanner`, every library is first opened in a child process and only opened here
    /// when that succeeded (`dashost plugins`). Untrusted libraries are never opened here: a sandboxed
    /// child opens each and describes its plugins.
    public convenience init(files: [String], extraPluginPaths: [String] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment, strict: Bool = true,
                            scanner: LibraryScanner? = nil) throws {
        var documents: [(data: Data, file: String)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RegistryError("registry file '\(file)' not found or unreadable")
            }
            documents.append((data, file))
        }
        let folders = files.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        try self.init(documents: documents, strict: strict, scanner: scanner,
                      searchPath: PluginSearchPath(registryFolders: folders, extra: extraPluginPaths, environment: environment))
    }

    /// Reads and validates one registry file.
    public convenience init(file: String, extraPluginPaths: [String] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(files: [file], extraPluginPaths: extraPluginPaths, environment: environment)
    }

    /// Parses and merges registry documents.
    init(documents: [(data: Data, file: String)], strict: Bool = true, scanner: LibraryScanner? = nil,
         searchPath: PluginSearchPath) throws {
        self.file = documents.map(\.file).joined(separator: ", ")
        self.searchPath = searchPath
        var problems: [String] = []
        func problem(_ message: String) throws {
            if strict { throw RegistryError(message) }
            problems.append(message)
        }
        let parsed = try documents.map { try RegistryDocument(data: $0.data, file: $0.file) }

        // 1. Libraries: every plugin they hold is registered under its own name.
        var found: [(plugin: Plugin, file: String, place: String, untrusted: Bool)] = []
        var declared: [String: String] = [:]  // name -> place
        var seenPaths: Set<String> = []
        for document in parsed {
            let folder = URL(fileURLWithPath: document.file).deletingLastPathComponent().path
            for lib in document.libraries {
                let library: PluginLibrary
                do {
                    let path = try searchPath.resolve(lib.library, relativeTo: folder)
                    if let pin = lib.sha256 { try LibraryPin.verify(path: path, sha256: pin) }
                    if lib.untrusted {
                        // Opened only in a sandboxed child, which describes its plugins: none of its code runs here.
                        library = try (scanner ?? LibraryScanner.forUntrustedLibraries()).describe(path)
                    } else {
                        if let scanner, let reason = scanner.problem(with: path) { throw RegistryError(reason) }
                        library = try PluginLibrary.open(path: path)
                    }
                } catch {
                    try problem("\(lib.place): \(error)")
                    continue
                }
                guard seenPaths.insert(library.path).inserted else { continue }  // the same file listed twice
                for plugin in library.plugins {
                    if let previous = declared[plugin.name] {
                        try problem("plugin name '\(plugin.name)' is declared by both \(previous) and \(lib.place)")
                        continue
                    }
                    declared[plugin.name] = lib.place
                    found.append((plugin, document.file, lib.place, lib.untrusted))
                }
            }
        }

        // 2. Overrides, by name (a later file's override of the same name wins, key by key).
        var overrides: [String: (params: [String: Any], policy: String?, description: String?, place: String)] = [:]
        for document in parsed {
            for (name, o) in document.overrides {
                var merged = overrides[name] ?? ([:], nil, nil, o.place)
                merged.params.merge(o.params ?? [:]) { _, new in new }
                merged.policy = o.policy ?? merged.policy
                merged.description = o.description ?? merged.description
                merged.place = o.place
                overrides[name] = merged
            }
        }
        var entries: [RegistryEntry] = []
        for (plugin, file, _, untrusted) in found {
            let o = overrides[plugin.name]
            var entry = RegistryEntry(name: plugin.name, plugin: plugin, preset: nil,
                                      policy: plugin.kind == .detector ? (o?.policy ?? plugin.defaultPolicy) : nil,
                                      description: o?.description ?? plugin.description, summary: plugin.summary,
                                      params: Registry.json(o?.params ?? [:]), file: file)
            entry.trust = untrusted ? .sandbox : .none
            entries.append(entry)
        }
        for (name, o) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let entry = entries.first(where: { $0.name == name }) else {
                try problem("\(o.place): no plugin named '\(name)' is registered (registered: \(entries.map(\.name).joined(separator: ", ")))")
                continue
            }
            if o.policy != nil && entry.kind != .detector {
                try problem("\(o.place): field 'policy' is only for detectors, '\(name)' is a \(entry.kind.rawValue)")
            }
        }

        // 3. Presets: a new name for a registered plugin, its params over the plugin's registry params.
        for document in parsed {
            for preset in document.presets {
                if let previous = declared[preset.name] {
                    try problem("\(preset.place): the name '\(preset.name)' is already declared by \(previous)")
                    continue
                }
                guard let base = entries.first(where: { $0.name == preset.plugin && $0.preset == nil }) else {
                    try problem("\(preset.place): field 'plugin' names '\(preset.plugin)', which is not a registered plugin")
                    continue
                }
                declared[preset.name] = preset.place
                var entry = RegistryEntry(name: preset.name, plugin: base.plugin, preset: base.name, policy: base.policy,
                                          description: preset.description ?? base.description,
                                          summary: preset.summary ?? base.summary,
                                          params: mergeParams(base: base.params, override: Registry.json(preset.params)),
                                          file: document.file)
                entry.trust = base.trust  // a preset cannot make a plugin more trusted
                entries.append(entry)
            }
        }

        // 4. Every name's params must pass its plugin's schema; every detector needs a registered policy.
        let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var valid: [RegistryEntry] = []
        for entry in entries {
            let place = "\(entry.file): '\(entry.name)'"
            do {
                _ = try entry.plugin.schema.validate(entry.params)
            } catch {
                try problem("\(place): registry params \(entry.params) are rejected by the plugin's schema: \(error)")
                continue
            }
            if entry.kind == .detector {
                guard let policy = entry.policy else {
                    try problem("\(place): detector has no synthesis policy (the library names no default_policy and no registry file pairs one: add \"plugins\": {\"\(entry.name)\": {\"policy\": ...}})")
                    continue
                }
                guard let target = byName[policy] else {
                    try problem("\(place): detector's policy '\(policy)' is not registered")
                    continue
                }
                guard target.kind == .policy else {
                    try problem("\(place): detector's policy '\(policy)' is a \(target.kind.rawValue), not a policy")
                    continue
                }
            }
            valid.append(entry)
        }
        self.entries = valid
        self.byName = Dictionary(valid.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.problems = problems
        self.defaultClassifier = parsed.compactMap(\.classifier).last
        self.defaultFusion = parsed.compactMap(\.fusion).last
    }

    private static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
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

    /// The plugin behind `name` (loaded when the registry was read).
    public func load(_ name: String, kind: PluginKind? = nil) throws -> Plugin {
        try entry(name, kind: kind).plugin
    }

    /// The policy paired with detector `name`.
    public func policy(forDetector name: String) throws -> String {
        let entry = try entry(name, kind: .detector)
        return entry.policy!
    }

    /// The default classifier, or an error saying where to set one.
    public func requireDefault(_ kind: PluginKind) throws -> String {
        let value = kind == .classifier ? defaultClassifier : kind == .fusion ? defaultFusion : nil
        guard let value else {
            throw RegistryError("no default \(kind.rawValue): none of \(file) sets defaults.\(kind.rawValue); pass one explicitly")
        }
        return value
    }
}
