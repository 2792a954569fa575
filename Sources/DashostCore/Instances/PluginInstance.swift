import CDashostPlugin

/// What every live plugin instance holds: its library, the kind's function table and the plugin's
/// handle, created by the table's `create` and released by its `destroy` exactly once.
public class PluginInstance<Table>: @unchecked Sendable {
    /// The library it came from.
    public let library: PluginLibrary
    /// The kind's function table, as long as the plugin declared it.
    let api: Table
    /// The plugin's instance.
    let handle: UnsafeMutableRawPointer
    private let destroy: dashost_destroy_fn

    /// Checks the kind, then calls `create(params, seed)`; throws the plugin's error.
    init(_ library: PluginLibrary, kind: PluginKind, params: String, seed: UInt64,
         create: (Table) -> dashost_create_fn?, destroy: (Table) -> dashost_destroy_fn?) throws {
        try library.require(kind)
        let table = library.table(Table.self)
        self.library = library
        self.api = table
        // The loader refused tables whose create or destroy is NULL.
        self.destroy = destroy(table)!
        var out: UnsafeMutableRawPointer?
        try callPlugin(library.name, "create") { create(table)!(params, seed, &out, $0) }
        guard let out else {
            throw PluginCallError(plugin: library.name, operation: "create", status: DASHOST_ERR_INTERNAL.rawValue,
                                  message: "create returned OK but no instance")
        }
        handle = out
    }

    deinit { destroy(handle) }
}
