import CDashostPlugin
import Foundation

/// The plugins of this library keyed by the address of their descriptor: how the kind's shared C
/// functions (`create`, `get_extension`), which cannot capture anything, find the Swift type of the
/// plugin the host means.
///
/// Written only while a `PluginLibraryExport` is built (once per library, before its descriptor is
/// handed out) and read by every `create`; the entries never change once added. File-private storage,
/// so each plugin library that links DashostPluginKit statically keeps its own table.
enum PluginTable {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [UnsafeRawPointer: ExportedPlugin] = [:]

    /// Adds the plugins of one library export.
    static func register(_ plugins: [(UnsafePointer<dashost_plugin_descriptor>, ExportedPlugin)]) {
        lock.lock()
        defer { lock.unlock() }
        for (descriptor, plugin) in plugins { entries[UnsafeRawPointer(descriptor)] = plugin }
    }

    /// The plugin whose descriptor is `descriptor`, or `nil` for a pointer that is no descriptor of
    /// this library.
    static func plugin(_ descriptor: UnsafePointer<dashost_plugin_descriptor>?) -> ExportedPlugin? {
        guard let descriptor else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return entries[UnsafeRawPointer(descriptor)]
    }

    /// The plugin for `create`: found, of the kind expected and with a recorded schema.
    static func pluginForCreate(_ descriptor: UnsafePointer<dashost_plugin_descriptor>?) throws -> ExportedPlugin {
        guard let plugin = plugin(descriptor) else {
            throw PluginError.invalidArgument("the plugin descriptor passed to create is not one of this library's")
        }
        if let schemaError = plugin.schemaError {
            throw PluginError.internalError("plugin '\(plugin.name)' failed with its default parameters: \(schemaError)")
        }
        return plugin
    }

    /// The extension table `id` if the plugin of `descriptor` offers it.
    static func extensionTable(_ descriptor: UnsafePointer<dashost_plugin_descriptor>?,
                               _ id: UnsafePointer<CChar>?, _ tables: [String: UnsafeRawPointer]) -> UnsafeRawPointer? {
        guard let id, let plugin = plugin(descriptor) else { return nil }
        let name = String(cString: id)
        guard plugin.extensionIDs.contains(name) else { return nil }
        return tables[name]
    }
}
