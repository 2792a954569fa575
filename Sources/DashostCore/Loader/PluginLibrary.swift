import CDashostPlugin
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plugin shared library opened with `dlopen`, validated against this host's ABI: one or more
/// plugins (a detector and its policy ship together).
///
/// Libraries stay loaded for the life of the process (as in GStreamer): unloading code that may
/// have registered runtime metadata (Swift, C++) is not safe, and a host re-opens the same path for
/// free because `PluginLibrary.open` caches by resolved path.
public final class PluginLibrary: @unchecked Sendable {
    /// The resolved path of the library file.
    public let path: String
    /// The ABI version the library was built against.
    public let abiMajor: UInt32, abiMinor: UInt32
    /// Its plugins, in the order the library lists them.
    public let plugins: [Plugin]

    /// The symbol an ABI 1.x plugin exported, recognised only to refuse it with a clear message.
    static let abi1EntrySymbol = "dashost_plugin_entry"

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: PluginLibrary] = [:]

    private init(path: String, abiMajor: UInt32, abiMinor: UInt32, plugins: [Plugin]) {
        self.path = path
        self.abiMajor = abiMajor
        self.abiMinor = abiMinor
        self.plugins = plugins
    }

    /// The plugin named `name`, if the library has it.
    public func plugin(_ name: String) -> Plugin? { plugins.first { $0.name == name } }

    /// Opens the library at `path` (a file path, not searched), checks its descriptors and ABI version.
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
            if let old = dlsym(handle, abi1EntrySymbol) { throw abi1Refusal(old, path: resolved) }
            throw LoadError.missingEntrySymbol(path: resolved)
        }
        let entry = unsafeBitCast(symbol, to: dashost_entry_fn.self)
        guard let raw = entry() else { throw LoadError.badDescriptor(path: resolved, reason: "the entry returned NULL") }
        let library = try validate(raw, path: resolved)
        cache[resolved] = library
        return library
    }

    /// A library the scanner opened in a child process and described: its plugins carry identity
    /// and schema but no function table, so they run only in plugin servers. Checked as `open`
    /// checks a library it opens; never opened in this process.
    static func described(_ description: LibraryDescription, path: String) throws -> PluginLibrary {
        try requireCompatible(major: description.abiMajor, minor: description.abiMinor, path: path)
        guard !description.plugins.isEmpty else { throw LoadError.badDescriptor(path: path, reason: "the library lists no plugins") }
        return try assemble(path: path, major: description.abiMajor, minor: description.abiMinor,
                            plugins: description.plugins.map { try Plugin(described: $0, path: path, abiMajor: description.abiMajor, abiMinor: description.abiMinor) })
    }

    /// Throws unless a library built against ABI `major.minor` can be used by this host.
    private static func requireCompatible(major: UInt32, minor: UInt32, path: String) throws {
        guard major == ABIVersion.major, minor <= ABIVersion.minor else {
            throw LoadError.abiMismatch(plugin: URL(fileURLWithPath: path).lastPathComponent, path: path,
                                        pluginVersion: "\(major).\(minor)", hostVersion: ABIVersion.string)
        }
    }

    /// The library of `plugins`, each name listed once.
    private static func assemble(path: String, major: UInt32, minor: UInt32, plugins: [Plugin]) throws -> PluginLibrary {
        var seen: Set<String> = []
        for plugin in plugins where !seen.insert(plugin.name).inserted {
            throw LoadError.badDescriptor(path: path, reason: "the library lists plugin '\(plugin.name)' twice")
        }
        return PluginLibrary(path: path, abiMajor: major, abiMinor: minor, plugins: plugins)
    }

    /// An ABI 1.x library: its descriptor began with (abi_major, abi_minor, name), which is all
    /// that is read, to name the plugin and both versions.
    private static func abi1Refusal(_ symbol: UnsafeMutableRawPointer, path: String) -> LoadError {
        typealias Entry = @convention(c) () -> UnsafeRawPointer?
        let entry = unsafeBitCast(symbol, to: Entry.self)
        guard let d = entry() else { return LoadError.badDescriptor(path: path, reason: "the ABI 1 entry returned NULL") }
        let major = d.load(as: UInt32.self), minor = d.load(fromByteOffset: 4, as: UInt32.self)
        let name = d.load(fromByteOffset: 8, as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? "(unnamed)"
        return LoadError.abiMismatch(plugin: name, path: path, pluginVersion: "\(major).\(minor)", hostVersion: ABIVersion.string)
    }

    /// Checks the library descriptor; the ABI version is checked before anything else is read.
    private static func validate(_ d: UnsafePointer<dashost_library_descriptor>, path: String) throws -> PluginLibrary {
        let major = d.pointee.abi_major, minor = d.pointee.abi_minor
        func fail(_ reason: String) -> LoadError { LoadError.badDescriptor(path: path, reason: reason) }
        try requireCompatible(major: major, minor: minor, path: path)
        let size = Int(d.pointee.struct_size)
        guard size >= MemoryLayout<dashost_library_descriptor>.size else {
            throw fail("the library descriptor declares \(size) bytes, ABI \(ABIVersion.string) needs \(MemoryLayout<dashost_library_descriptor>.size)")
        }
        let count = Int(d.pointee.plugin_count)
        guard count >= 1, let list = d.pointee.plugins else { throw fail("the library lists no plugins") }
        var plugins: [Plugin] = []
        for i in 0..<count {
            guard let p = list[i] else { throw fail("plugins[\(i)] is NULL") }
            plugins.append(try Plugin(p, path: path, abiMajor: major, abiMinor: minor))
        }
        return try assemble(path: path, major: major, minor: minor, plugins: plugins)
    }
}
