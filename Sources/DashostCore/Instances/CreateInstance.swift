import CDashostPlugin

/// Calls a plugin's `create` and returns the new instance, or throws the plugin's error.
func createInstance(_ library: PluginLibrary, _ create: dashost_create_fn, params: String, seed: UInt64) throws
    -> UnsafeMutableRawPointer {
    var out: UnsafeMutableRawPointer?
    try callPlugin(library.name, "create") { create(params, seed, &out, $0) }
    guard let out else {
        throw PluginCallError(plugin: library.name, operation: "create", status: DASHOST_ERR_INTERNAL.rawValue,
                              message: "create returned OK but no instance")
    }
    return out
}
