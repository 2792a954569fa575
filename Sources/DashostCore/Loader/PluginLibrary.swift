import CDashostPlugin
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plugin shared library opened with `dlopen` and validated against this host's ABI.
///
/// Libraries stay loaded for the life of the process (as in GStreamer): unloading code that may
/// have registered runtime metadata (Swift, C++) is not safe, and a host re-opens the same path for
/// free because `PluginLibrary.open` caches by resolved path.
public final class PluginLibrary: @unchecked Sendable {
    /// The resolved path of the library file.
    public let path: String
    /// The plugin's unique name.
    public let name: String
    /// The plugin's own version string.
    public let version: String
    /// One-line summary.
    public let summary: String
    /// What the plugin is.
    public let kind: PluginKind
    /// The ABI version the plugin was built against.
    public let abiMajor: UInt32, abiMinor: UInt32
    /// The plugin's parameters with their defaults, as a JSON object.
    public let defaultParams: String
    /// The kind's function table (`dashost_detector_api` etc.), owned by the plugin.
    let api: UnsafeRawPointer
    /// The size the plugin declared for its function table.
    let tableSize: Int

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: PluginLibrary] = [:]

    private init(path: String, descriptor d: dashost_plugin_descriptor, kind: PluginKind, tableSize: Int) {
        self.path = path
        self.name = String(cString: d.name)
        self.version = String(cString: d.version)
        self.summary = d.summary.map { String(cString: $0) } ?? ""
        self.kind = kind
        self.abiMajor = d.abi_major
        self.abiMinor = d.abi_minor
        self.defaultParams = d.default_params.map { String(cString: $0) } ?? "{}"
        self.api = d.api
        self.tableSize = tableSize
    }

    /// Opens the library at `path` (a file path, not searched), checks its descriptor and ABI version.
    public static func open(path: String) throws -> PluginLibrary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LoadError.fileNotFound(library: path, searched: [])
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[resolved] { return cached }

        OpenBLASEnvironment.configure()
        // RTLD_LOCAL keeps each plugin's symbols private, so two plugins may embed the same code.
        _ = dlerror()
        guard let handle = dlopen(resolved, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw LoadError.openFailed(path: resolved, reason: reason)
        }
        guard let symbol = dlsym(handle, DASHOST_ENTRY_SYMBOL) else {
            throw LoadError.missingEntrySymbol(path: resolved)
        }
        let entry = unsafeBitCast(symbol, to: dashost_entry_fn.self)
        guard let raw = entry() else { throw LoadError.badDescriptor(path: resolved, reason: "the entry returned NULL") }
        let d = raw.pointee
        let library = try validate(d, path: resolved)
        cache[resolved] = library
        return library
    }

    /// Checks a descriptor field by field; the ABI version is checked before anything else is read.
    private static func validate(_ d: dashost_plugin_descriptor, path: String) throws -> PluginLibrary {
        let name = d.name.map { String(cString: $0) } ?? ""
        guard d.abi_major == ABIVersion.major, d.abi_minor <= ABIVersion.minor else {
            throw LoadError.abiMismatch(plugin: name.isEmpty ? "(unnamed)" : name, path: path,
                                        pluginVersion: "\(d.abi_major).\(d.abi_minor)", hostVersion: ABIVersion.string)
        }
        guard !name.isEmpty else { throw LoadError.badDescriptor(path: path, reason: "empty name") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "_.-".contains($0)) }) else {
            throw LoadError.badDescriptor(path: path, reason: "name '\(name)' must match [a-z0-9_.-]+")
        }
        guard let version = d.version, strlen(version) > 0 else {
            throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)' has no version")
        }
        guard let kind = PluginKind(d.kind) else {
            throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)' declares unknown kind \(d.kind.rawValue)")
        }
        guard let api = d.api else { throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)' has no function table") }
        let size = Int(api.load(as: UInt32.self))
        guard size >= kind.minimumTableSize else {
            throw LoadError.badDescriptor(path: path, reason:
                "plugin '\(name)' declares a \(kind.rawValue) table of \(size) bytes, ABI \(ABIVersion.string) needs at least \(kind.minimumTableSize)")
        }
        let library = PluginLibrary(path: path, descriptor: d, kind: kind, tableSize: size)
        if let missing = library.missingFunction() {
            throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)' has a NULL '\(missing)' function")
        }
        return library
    }

    /// The first required function pointer that is NULL, if any.
    private func missingFunction() -> String? {
        switch kind {
        case .detector:
            let t = api.load(as: dashost_detector_api.self)
            return t.create == nil ? "create" : t.fit == nil ? "fit" : t.score == nil ? "score" : t.destroy == nil ? "destroy" : nil
        case .policy:
            let t = api.load(as: dashost_policy_api.self)
            return t.create == nil ? "create" : t.generate == nil ? "generate" : t.destroy == nil ? "destroy" : nil
        case .classifier:
            let t = api.load(as: dashost_classifier_api.self)
            return t.create == nil ? "create" : t.fit == nil ? "fit" : t.predict_proba == nil ? "predict_proba"
                : t.destroy == nil ? "destroy" : nil
        case .fusion:
            let t = api.load(as: dashost_fusion_api.self)
            return t.create == nil ? "create" : t.fuse == nil ? "fuse" : t.destroy == nil ? "destroy" : nil
        }
    }

    /// Throws unless this plugin is of `expected` kind.
    public func require(_ expected: PluginKind) throws {
        guard kind == expected else { throw LoadError.wrongKind(plugin: name, path: path, expected: expected, actual: kind) }
    }

    /// The kind's function table, read only as far as the plugin declared it (fields beyond it are zero).
    func table<T>(_ type: T.Type) -> T {
        let out = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        defer { out.deallocate() }
        out.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        out.copyMemory(from: api, byteCount: min(tableSize, MemoryLayout<T>.size))
        return out.load(as: T.self)
    }
}
