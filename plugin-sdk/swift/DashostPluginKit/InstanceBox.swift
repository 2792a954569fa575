import CDashostPlugin

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
    /// and `n` is its training row count. Shared by the per-training-row extensions; the host checks
    /// the values.
    func writePerTrainingRow(_ out: UnsafeMutablePointer<Double>?, _ n: UInt64, what: String,
                             _ values: (P) throws -> [Double]?) throws {
        guard fittedColumns != nil else { throw PluginError.notFitted("the plugin is not fitted: call fit first") }
        guard Int(n) == fittedRows else {
            throw PluginError.shape("\(what) output has \(n) rows but the plugin was fitted on \(fittedRows)")
        }
        guard let result = try values(plugin) else { throw PluginError.unsupported("this plugin offers no \(what)") }
        guard result.count == fittedRows else {
            throw PluginError.internalError("plugin returned \(result.count) values of \(what) for \(fittedRows) rows")
        }
        let buffer = UnsafeMutableBufferPointer(start: try nonNull(out, "out"), count: result.count)
        _ = buffer.initialize(from: result)
    }

    /// Throws unless fitted with `cols` columns.
    func requireFitted(columns cols: Int, kind: String) throws {
        guard let fitted = fittedColumns else { throw PluginError.notFitted("\(kind) is not fitted: call fit first") }
        guard fitted == cols else {
            throw PluginError.shape("X has \(cols) columns but the \(kind) was fitted on \(fitted)")
        }
    }
}
