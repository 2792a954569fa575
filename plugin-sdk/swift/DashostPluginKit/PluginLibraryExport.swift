import CDashostPlugin

/// The library descriptor a Swift plugin library returns from `dashost_library_entry`: the ABI
/// version and one descriptor per plugin. Typical use, in one file of the library:
/// ```swift
/// private let library = PluginLibraryExport([
///     .detector(ZScore.self, name: "zscore", version: "1.0.0", summary: "per-column z-score sum",
///               description: "Standardises each feature ...", defaultPolicy: "zscore_policy"),
///     .policy(ZScorePolicy.self, name: "zscore_policy", version: "1.0.0", summary: "...", description: "..."),
/// ])
///
/// @_cdecl("dashost_library_entry")
/// public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
/// ```
/// Build it once (a global `let`, initialised on the first entry call): the descriptors, their
/// strings, schemas and function tables are allocated then and never freed, as they must stay valid
/// until the library is unloaded.
///
/// All plugins of a kind share one C function table; `create` and `get_extension` receive the
/// plugin's descriptor and find the Swift type by the descriptor's address (see `PluginTable`).
public final class PluginLibraryExport {
    /// The plugins, in descriptor order.
    public let plugins: [ExportedPlugin]
    /// The `const dashost_library_descriptor *` to return from `dashost_library_entry`.
    public let descriptor: UnsafeRawPointer

    /// Builds the descriptors of `plugins` (which records each type's parameter schema).
    public init(_ plugins: [ExportedPlugin]) {
        self.plugins = plugins
        let descriptors = plugins.map { $0.leakedDescriptor() }
        PluginTable.register(zip(descriptors, plugins).map { ($0, $1) })
        var library = dashost_library_descriptor()
        library.abi_major = UInt32(DASHOST_ABI_MAJOR)
        library.abi_minor = UInt32(DASHOST_ABI_MINOR)
        library.struct_size = UInt32(MemoryLayout<dashost_library_descriptor>.size)
        library.plugin_count = UInt32(plugins.count)
        library.plugins = leakedArray(descriptors)
        descriptor = UnsafeRawPointer(leak(library))
    }
}
