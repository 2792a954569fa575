import Foundation

/// The installed policies under a data home (`UserDataHome`): one folder per policy,
/// `policies/<detector>/<N>/`, holding everything needed to audit or rebuild it (the prompts and
/// replies, the extracted source, the built library, the vetting report, a registry fragment and
/// `provenance.json`), and the user-level registry fragment that lists them all and pairs each
/// detector with its chosen policy. Earlier policies stay listed, so they stay selectable by name.
public struct PolicyStore: Sendable {
    /// The data home.
    public let home: String

    /// File names inside a policy folder (one place: the generator, the installer and bench read them).
    public enum File {
        public static let cSource = "policy.c"
        public static let pythonSource = "policy.py"
        public static let library = "libpolicy.so"
        public static let vetting = "vetting.json"
        public static let fragment = "registry.json"
        public static let provenance = "provenance.json"
        public static let conversation = "conversation.json"
        public static let prompt = "prompt.md"
        public static let reply = "reply.md"

        /// The source file of a policy in `language`.
        public static func source(_ language: PolicyLanguage) -> String { language == .c ? cSource : pythonSource }
    }

    /// The built-in plugin that runs a Python policy file.
    public static let pythonBridge = "python_policy"

    /// The middle part of installed policies' names (`lof_<tag>_3`): `policy` in the user's data
    /// home, else the folder's own name, so the policies of two folders (one per model or prompt
    /// variant, benchmarked side by side) never share a name.
    public let tag: String

    /// A store at `home`; `tag` nil derives it from the folder's name.
    public init(home: String, tag: String? = nil) {
        self.home = home
        if let tag {
            self.tag = tag
        } else {
            let base = String((home as NSString).lastPathComponent.lowercased().map { $0.isLetter || $0.isNumber || "_.-".contains($0) ? $0 : "_" })
            self.tag = base.isEmpty || !base.allSatisfy(\.isASCII) ? "policy" : base
        }
    }

    /// The registered name of policy number `number` of `detector`.
    public func name(detector: String, number: Int) -> String { "\(detector)_\(tag)_\(number)" }

    /// The store of the user's data home; throws when the environment names none.
    public static func user(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PolicyStore {
        guard let home = UserDataHome.folder(environment: environment) else {
            throw PolicyStoreError("no data home: set \(UserDataHome.variable) (or HOME) to say where installed policies live")
        }
        return PolicyStore(home: home, tag: "policy")
    }

    /// The user-level registry fragment.
    public var registryPath: String { home + "/" + UserDataHome.registryName }

    /// The folder of `detector`'s policies.
    public func detectorFolder(_ detector: String) -> String { home + "/" + UserDataHome.policiesName + "/" + detector }

    /// Creates the next free numbered folder for `detector` (`mkdir` is atomic, so two runs at once
    /// never share one) and returns its number and path.
    public func reserveFolder(detector: String) throws -> (number: Int, path: String) {
        let parent = detectorFolder(detector)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw PolicyStoreError("cannot create \(parent): \(error.localizedDescription)")
        }
        let taken = (try? FileManager.default.contentsOfDirectory(atPath: parent))?.compactMap(Int.init) ?? []
        var number = (taken.max() ?? 0) + 1
        while true {
            let path = parent + "/\(number)"
            if mkdir(path, 0o755) == 0 { return (number, path) }
            guard errno == EEXIST else {
                throw PolicyStoreError("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            number += 1
        }
    }

    /// The registry fragment that declares the policy in `folder` alone: its library, pinned and
    /// untrusted (so it only ever runs sandboxed), or for Python a preset of the bridge with the
    /// script pinned by its hash.
    public static func fragment(name: String, language: PolicyLanguage, folder: String) throws -> [String: Any] {
        var document: [String: Any] = ["format": "dashost-registry/2", "libraries": [Any](),
                                       "description": "An installed synthesis policy (see provenance.json next to this file)."]
        switch language {
        case .c:
            document["libraries"] = [["library": File.library, "sha256": try LibraryPin.sha256(path: folder + "/" + File.library),
                                      "trust": "untrusted"]]
        case .python:
            let script = folder + "/" + File.pythonSource
            document["presets"] = [["name": name, "plugin": pythonBridge,
                                    "params": ["script": script, "sha256": try LibraryPin.sha256(path: script)],
                                    "summary": "Python synthesis policy \(name) (\(script))"]]
        }
        return document
    }

    /// Writes `fragment` as the folder's registry fragment.
    public static func writeFragment(_ fragment: [String: Any], folder: String) throws {
        try AtomicFileWriter.write(try jsonText(fragment), to: folder + "/" + File.fragment)
    }

    /// Adds the policy in `folder` (its fragment already written) to the user-level registry and, when
    /// `pair` is set, makes it `detector`'s policy. The registry is rewritten all-or-nothing.
    public func register(name: String, detector: String, language: PolicyLanguage, folder: String, pair: Bool) throws {
        var document = try userRegistry()
        // The policy's own fragment, its library path made relative to the data home.
        let own = try Self.fragment(name: name, language: language, folder: folder)
        let relative = String(folder.dropFirst(home.count + 1))
        let libraries = (own["libraries"] as? [[String: Any]] ?? []).map { library -> [String: Any] in
            var entry = library
            entry["library"] = relative + "/" + (library["library"] as? String ?? File.library)
            return entry
        }
        document["libraries"] = (document["libraries"] as? [Any] ?? []) + libraries
        if let presets = own["presets"] as? [Any] {
            document["presets"] = (document["presets"] as? [Any] ?? []) + presets
        }
        if pair {
            var plugins = document["plugins"] as? [String: Any] ?? [:]
            var entry = plugins[detector] as? [String: Any] ?? [:]
            entry["policy"] = name
            plugins[detector] = entry
            document["plugins"] = plugins
        }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try AtomicFileWriter.write(try Self.jsonText(document), to: registryPath)
    }

    /// The user-level registry as a JSON object (a fresh one when there is none yet).
    func userRegistry() throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: registryPath) else {
            return ["format": "dashost-registry/2", "libraries": [Any](),
                    "description": "Installed synthesis policies and their pairings, written by `dashost policy generate` and `dashost policy install` (docs/llm.md). Each library or preset lives in policies/<detector>/<N>/ with its provenance."]
        }
        let text = try String(contentsOfFile: registryPath, encoding: .utf8)
        guard let object = try JSONDocument.parse(text, source: registryPath) as? [String: Any] else {
            throw PolicyStoreError("\(registryPath): not a JSON object; move it away to start a fresh user registry")
        }
        return object
    }

    /// The provenance of the installed policy registered as `name` whose registry entry came from
    /// `file` or lives in `folder`, when there is one.
    public static func provenance(folder: String) -> PolicyProvenance? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + File.provenance) else { return nil }
        return try? JSONDecoder().decode(PolicyProvenance.self, from: data)
    }

    /// Pretty JSON with sorted keys and a final newline, of a Codable value (provenance, vetting report).
    public static func jsonText<T: Encodable>(encoding value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Pretty JSON with sorted keys and a final newline.
    public static func jsonText(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
               as: UTF8.self) + "\n"
    }
}

/// The data home or a policy folder could not be written or read.
public struct PolicyStoreError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
