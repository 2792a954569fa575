import CDashostPlugin
import Foundation

/// What every live plugin instance holds: its plugin, the kind's function table, the host table it
/// was created with and the plugin's handle, created by `create` and released by `destroy` exactly once.
///
/// The ABI promises that the host never runs two calls on one instance at the same time; every call
/// goes through `serialised`, so even two pipeline branches sharing one detector (two policy nodes
/// scoring through the same fitted model) take turns.
public class PluginInstance<Table>: @unchecked Sendable {
    /// The plugin it is an instance of.
    public let plugin: Plugin
    /// The kind's function table, as long as the plugin declared it.
    let api: Table
    /// The plugin's instance.
    let handle: UnsafeMutableRawPointer
    /// The instance's host table (params, random stream, log).
    let host: InstanceHost
    private let destroy: dashost_destroy_fn
    private let callLock = NSLock()

    /// Checks the kind and validates `params` against the plugin's schema (a `ParamsError` names the
    /// plugin and key), then calls `create`; throws the plugin's error.
    init(_ plugin: Plugin, kind: PluginKind, params: String, seed: UInt64,
         create: (Table) -> dashost_create_fn?, destroy: (Table) -> dashost_destroy_fn?) throws {
        try plugin.require(kind)
        guard plugin.isLoadedHere else {
            throw PluginCallError(plugin: plugin.name, operation: "create", status: DASHOST_ERR_INTERNAL,
                                  message: "its library is untrusted and was never opened in this process: it runs only sandboxed")
        }
        let validated: ValidatedParams
        do {
            validated = try plugin.schema.validate(params)
        } catch let error as ParamsError {
            throw PluginCallError(plugin: plugin.name, operation: "create", status: DASHOST_ERR_BAD_PARAMS, message: error.description)
        }
        let table = plugin.table(Table.self)
        self.plugin = plugin
        self.api = table
        self.host = InstanceHost(plugin: plugin.name, params: validated, seed: seed)
        // The loader refused tables whose create or destroy is NULL.
        self.destroy = destroy(table)!
        var out: UnsafeMutableRawPointer?
        let hostTable = UnsafePointer(host.table)
        try callPlugin(plugin.name, "create") { create(table)!(plugin.descriptor, hostTable, seed, &out, $0) }
        guard let out else {
            throw PluginCallError(plugin: plugin.name, operation: "create", status: DASHOST_ERR_INTERNAL,
                                  message: "create returned OK but no instance")
        }
        handle = out
    }

    deinit { destroy(handle) }

    /// The plugin's name, for messages.
    public var name: String { plugin.name }

    /// Runs `body` (one call into the plugin) while no other call on this instance runs.
    func serialised<T>(_ body: () throws -> T) rethrows -> T {
        callLock.lock()
        defer { callLock.unlock() }
        return try body()
    }

    /// Looks up an extension table of this plugin by id.
    func extensionTable(_ lookup: dashost_get_extension_fn?, _ id: String) -> UnsafeRawPointer? {
        guard let lookup else { return nil }
        return lookup(plugin.descriptor, id)
    }
}
