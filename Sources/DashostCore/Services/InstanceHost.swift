import CDashostPlugin
import Foundation

/// The `dashost_host` table of one plugin instance: its validated params, its random stream, its
/// log prefix. Created before `create`, freed after `destroy`; the C table lives at a fixed address
/// for that whole time (plugins keep the pointer).
final class InstanceHost {
    /// The plugin's name, for log lines.
    let plugin: String
    /// The params the instance was created with, every key present.
    let params: ValidatedParams
    /// The C table handed to the plugin.
    let table: UnsafeMutablePointer<dashost_host>
    /// The random stream ([during-call]: used only from the thread of the call in progress).
    var random: RandomStream
    /// Host-owned C strings handed out by `param_string` / `param_weights_entry`, freed with the host.
    private var strings: [String: UnsafeMutablePointer<CChar>] = [:]
    private let stringsLock = NSLock()
    /// The last fraction the plugin reported through `progress`.
    private(set) var progress: Double = 0

    init(plugin: String, params: ValidatedParams, seed: UInt64) {
        self.plugin = plugin
        self.params = params
        self.random = RandomStream(seed: seed)
        table = UnsafeMutablePointer<dashost_host>.allocate(capacity: 1)
        table.initialize(to: InstanceHost.template)
        table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        for p in strings.values { free(p) }
        table.deallocate()
    }

    /// A host-owned, NUL-terminated copy of `s`, alive as long as this host.
    fileprivate func cString(_ s: String) -> UnsafePointer<CChar> {
        stringsLock.lock()
        defer { stringsLock.unlock() }
        if let p = strings[s] { return UnsafePointer(p) }
        let p = strdup(s)!
        strings[s] = p
        return UnsafePointer(p)
    }

    fileprivate func value(_ name: UnsafePointer<CChar>?) -> ParamValue? {
        guard let name else { return nil }
        return params.values[String(cString: name)]
    }

    fileprivate func report(_ fraction: Double) { progress = fraction }

    fileprivate static func from(_ host: UnsafePointer<dashost_host>?) -> InstanceHost? {
        guard let data = host?.pointee.host_data else { return nil }
        return Unmanaged<InstanceHost>.fromOpaque(data).takeUnretainedValue()
    }

    /// The function pointers, the same for every instance (they find their instance via host_data).
    private static let template: dashost_host = {
        var t = dashost_host()
        t.struct_size = UInt32(MemoryLayout<dashost_host>.size)
        t.abi_major = ABIVersion.major
        t.abi_minor = ABIVersion.minor
        t.param_bool = { host, name, out in
            guard case let .bool(b)? = InstanceHost.from(host)?.value(name), let out else { return DASHOST_ERR_BAD_PARAMS }
            out.pointee = b ? 1 : 0
            return DASHOST_OK
        }
        t.param_int = { host, name, out in
            guard case let .int(i)? = InstanceHost.from(host)?.value(name), let out else { return DASHOST_ERR_BAD_PARAMS }
            out.pointee = i
            return DASHOST_OK
        }
        t.param_double = { host, name, out in
            guard let out, let value = InstanceHost.from(host)?.value(name) else { return DASHOST_ERR_BAD_PARAMS }
            switch value {
            case let .double(d): out.pointee = d
            case let .int(i): out.pointee = Double(i)  // an integer is a number too
            default: return DASHOST_ERR_BAD_PARAMS
            }
            return DASHOST_OK
        }
        t.param_string = { host, name in
            guard let h = InstanceHost.from(host), case let .string(s)? = h.value(name) else { return nil }
            return h.cString(s)
        }
        t.param_weights_count = { host, name in
            guard case let .weights(w)? = InstanceHost.from(host)?.value(name) else { return 0 }
            return UInt64(w.count)
        }
        t.param_weights_entry = { host, name, index, key, value in
            guard let h = InstanceHost.from(host), case let .weights(w)? = h.value(name), index < UInt64(w.count) else {
                return DASHOST_ERR_BAD_PARAMS
            }
            key?.pointee = h.cString(w[Int(index)].key)
            value?.pointee = w[Int(index)].value
            return DASHOST_OK
        }
        t.log = { host, level, message in
            guard let h = InstanceHost.from(host), let message else { return }
            HostLog.write(plugin: h.plugin, level: level, String(cString: message))
        }
        t.progress = { host, fraction in InstanceHost.from(host)?.report(fraction) }
        t.is_cancelled = { _ in HostCancellation.isRequested ? 1 : 0 }
        t.thread_budget = { _ in UInt32(max(1, ProcessInfo.processInfo.activeProcessorCount)) }
        t.random_uniform = { host in InstanceHost.from(host)?.random.uniform() ?? 0 }
        t.random_normal = { host in InstanceHost.from(host)?.random.normal() ?? 0 }
        t.random_below = { host, n in InstanceHost.from(host)?.random.below(n) ?? 0 }
        t.random_permutation = { host, out, n in
            guard let h = InstanceHost.from(host), let out else { return }
            h.random.permutation(into: out, count: Int(n))
        }
        t.quantile = { _, values, n, q in
            guard let values, n > 0 else { return .nan }
            return NumericHelpers.quantile(UnsafeBufferPointer(start: values, count: Int(n)), q)
        }
        t.column_stats = { _, X, lo, hi, mean, std in NumericHelpers.columnStats(X, min: lo, max: hi, mean: mean, std: std) }
        t.nearest_rows = { _, X, point, k, index, distance in
            NumericHelpers.nearestRows(X, point, k, index: index, distance: distance)
        }
        t.get_extension = { _, _ in nil }
        return t
    }()
}
