/// A plugin descriptor's fields as a library declares them, before any check: read from a
/// `dashost_plugin_descriptor` in this process, or from the library scanner's description of a
/// library opened in a child process (`LibraryDescription`). `Plugin` checks both the same way.
struct RawPluginDescriptor: Sendable, Equatable {
    var name: String
    var version: String?
    var kindCode: UInt32
    var summary: String?
    var description: String?
    var defaultPolicy: String?
    /// One entry per declared parameter; nil where the library's list holds NULL.
    var params: [RawParamSpec?]
}
