import CDashostPlugin
import Foundation

/// Builds the C descriptor a Swift plugin returns from its `@_cdecl("dashost_plugin_entry")` function.
///
/// A library exports exactly one plugin. Typical use:
/// ```swift
/// private let descriptor = PluginExport.detector(ZScore.self, name: "zscore", version: "1.0.0",
///                                                summary: "per-column z-score sum")
/// @_cdecl("dashost_plugin_entry")
/// public func dashostPluginEntry() -> UnsafeRawPointer { UnsafeRawPointer(descriptor) }
/// ```
/// The descriptor, its strings and its function table are allocated once and never freed: they must
/// stay valid until the library is unloaded.
public enum PluginExport {}

// Helpers shared by the per-kind export thunks. They are free functions because a C function
// pointer cannot be formed from a closure that refers to a type's static members.

/// Allocates a descriptor for `api` (a pointer to the kind's function table).
func makeDescriptor(kind: dashost_kind, api: UnsafeRawPointer, name: String, version: String,
                           summary: String, defaultParams: String) -> UnsafePointer<dashost_plugin_descriptor> {
    let d = UnsafeMutablePointer<dashost_plugin_descriptor>.allocate(capacity: 1)
    d.initialize(to: dashost_plugin_descriptor())
    d.pointee.abi_major = UInt32(DASHOST_ABI_MAJOR)
    d.pointee.abi_minor = UInt32(DASHOST_ABI_MINOR)
    d.pointee.name = UnsafePointer(strdup(name))
    d.pointee.version = UnsafePointer(strdup(version))
    d.pointee.summary = UnsafePointer(strdup(summary))
    d.pointee.kind = kind
    d.pointee.api = api
    d.pointee.default_params = UnsafePointer(strdup(defaultParams))
    return UnsafePointer(d)
}

/// Allocates one function table and returns it as a raw pointer for the descriptor.
func leak<T>(_ table: T) -> UnsafeRawPointer {
    let p = UnsafeMutablePointer<T>.allocate(capacity: 1)
    p.initialize(to: table)
    return UnsafeRawPointer(p)
}

/// Reads `params_json` (NULL means "{}") and runs `make`, then rejects unknown keys.
func construct<T>(_ json: UnsafePointer<CChar>?, _ make: (PluginParams) throws -> T) throws -> T {
    let params = try PluginParams(json: json.map { String(cString: $0) } ?? "{}")
    let value = try make(params)
    try params.rejectUnknownKeys()
    return value
}

/// The defaults a type reads when constructed from `{}`, as JSON.
func defaults(_ make: (PluginParams) throws -> Any) -> String {
    guard let params = try? PluginParams(json: "{}", recordingDefaults: true), (try? make(params)) != nil else { return "{}" }
    return params.defaultsJSON()
}

/// Checks that an output buffer holds only finite values.
func checkFinite(_ out: UnsafeMutableBufferPointer<Double>, what: String) throws {
    // The scan without early exit first: outputs are almost always clean (see `allFinite`).
    if !allFinite(UnsafeBufferPointer(out)), let i = out.firstIndex(where: { !$0.isFinite }) {
        throw PluginError.internalError("plugin produced a non-finite \(what) (\(out[i])) at row \(i)")
    }
}

/// Checks that a host pointer is not NULL.
func nonNull<T>(_ p: T?, _ what: String) throws -> T {
    guard let p else { throw PluginError.invalidArgument("\(what) is a null pointer") }
    return p
}

/// An instance as the host sees it: the plugin object plus what the thunks track about it.
final class InstanceBox<P> {
    let plugin: P
    /// Column count of the last successful fit; `nil` while unfitted.
    var fittedColumns: Int?
    /// Number of training rows of the last successful fit.
    var fittedRows = 0

    init(_ plugin: P) { self.plugin = plugin }

    func retainedPointer() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    static func from(_ p: UnsafeMutableRawPointer?) throws -> InstanceBox<P> {
        let p = try nonNull(p, "instance")
        return Unmanaged<InstanceBox<P>>.fromOpaque(p).takeUnretainedValue()
    }

    static func release(_ p: UnsafeMutableRawPointer?) {
        guard let p else { return }
        Unmanaged<InstanceBox<P>>.fromOpaque(p).release()
    }

    /// Writes one value per training row, as computed by `values` (an optional capability of the
    /// plugin: nil when the plugin's type does not offer it), after checking the instance is fitted
    /// and `n` is its training row count. Shared by the per-training-row extensions.
    func writePerTrainingRow(_ out: UnsafeMutablePointer<Double>?, _ n: UInt64, what: String,
                             _ values: (P) throws -> [Double]?) throws {
        guard fittedColumns != nil else { throw PluginError.notFitted("the plugin is not fitted: call fit first") }
        guard Int(n) == fittedRows else {
            throw PluginError.shape("\(what) output has \(n) rows but the plugin was fitted on \(fittedRows)")
        }
        guard let result = try values(plugin) else { throw PluginError(DASHOST_ERR_UNSUPPORTED, "this plugin offers no \(what)") }
        guard result.count == fittedRows else {
            throw PluginError.internalError("plugin returned \(result.count) values of \(what) for \(fittedRows) rows")
        }
        let buffer = UnsafeMutableBufferPointer(start: try nonNull(out, "out"), count: result.count)
        _ = buffer.initialize(from: result)
        try checkFinite(buffer, what: what)
    }

    /// Throws unless fitted with `cols` columns.
    func requireFitted(columns cols: Int, kind: String) throws {
        guard let fitted = fittedColumns else { throw PluginError.notFitted("\(kind) is not fitted: call fit first") }
        guard fitted == cols else {
            throw PluginError.shape("X has \(cols) columns but the \(kind) was fitted on \(fitted)")
        }
    }
}
