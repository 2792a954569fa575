import CDashostPlugin

/// Why a plugin library could not be loaded. Every case names the file and, once known, the plugin.
public enum LoadError: Error, CustomStringConvertible, Equatable {
    /// No file of that name in any search directory.
    case fileNotFound(library: String, searched: [String])
    /// `dlopen` failed (not a shared object, missing dependency, ...).
    case openFailed(path: String, reason: String)
    /// The library does not export `dashost_library_entry`.
    case missingEntrySymbol(path: String)
    /// The entry returned NULL or a descriptor with a missing field.
    case badDescriptor(path: String, reason: String)
    /// The plugin was built against an incompatible ABI.
    case abiMismatch(plugin: String, path: String, pluginVersion: String, hostVersion: String)
    /// A relative library path leads out of the folder it is relative to (`../`, or a symlink).
    case outsideFolder(library: String, folder: String, resolved: String)
    /// The plugin is of another kind than required.
    case wrongKind(plugin: String, path: String, expected: PluginKind, actual: PluginKind)

    public var description: String {
        switch self {
        case let .fileNotFound(library, searched):
            return "plugin library '\(library)' not found; searched: \(searched.isEmpty ? "(no directories)" : searched.joined(separator: ", "))"
        case let .openFailed(path, reason):
            return "cannot load plugin library '\(path)': \(reason)"
        case let .missingEntrySymbol(path):
            return "'\(path)' is not a dashost plugin: it does not export the symbol '\(DASHOST_ENTRY_SYMBOL)'"
        case let .badDescriptor(path, reason):
            return "plugin library '\(path)' has an invalid descriptor: \(reason)"
        case let .abiMismatch(plugin, path, pluginVersion, hostVersion):
            return "plugin '\(plugin)' (\(path)) was built for plugin ABI \(pluginVersion), but this host implements ABI \(hostVersion); rebuild it against the \(hostVersion) header (what changed: docs/abi.md#changelog)"
        case let .outsideFolder(library, folder, resolved):
            return "plugin library '\(library)' leads to \(resolved), outside \(folder): a relative library path must stay inside its folder (give an absolute path to load a library from elsewhere)"
        case let .wrongKind(plugin, path, expected, actual):
            return "plugin '\(plugin)' (\(path)) is a \(actual.rawValue) plugin, but a \(expected.rawValue) plugin is required here"
        }
    }
}
