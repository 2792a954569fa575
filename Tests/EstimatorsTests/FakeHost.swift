import CDashostPlugin
import DashostPluginKit
import Foundation

/// A `dashost_host` table for SDK tests: parameters from a dictionary of plain Swift values (Bool,
/// Int, Double, String, [String: Double]), services that record what they were asked and give
/// simple, checkable answers. The C table lives as long as the object.
final class FakeHost {
    /// The parameters the getters answer; a name absent or of another type is `DASHOST_ERR_BAD_PARAMS`.
    var values: [String: Any]
    /// `log` calls, in order.
    private(set) var logs: [(level: Int32, message: String)] = []
    /// `progress` calls, in order.
    private(set) var progress: [Double] = []
    /// What `is_cancelled` says.
    var cancelled = false
    /// What `random_uniform` returns next (then it adds 0.125, modulo 1).
    var nextUniform = 0.0
    /// The C table handed to the SDK.
    let table: UnsafeMutablePointer<dashost_host>
    /// Host-owned strings handed out, freed with the host.
    private var strings: [UnsafeMutablePointer<CChar>] = []

    /// A host whose table claims `structSize` bytes (fields past it must be treated as absent).
    init(_ values: [String: Any] = [:], structSize: Int = MemoryLayout<dashost_host>.size) {
        self.values = values
        table = .allocate(capacity: 1)
        table.initialize(to: FakeHost.makeTable(structSize: structSize))
        table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        strings.forEach { free($0) }
        table.deinitialize(count: 1)
        table.deallocate()
    }

    /// The values a host gives a plugin with this schema when the pipeline sets only `overrides`:
    /// every default, parsed from its JSON literal, as the plain Swift value of its type.
    static func values(_ schema: [ParamSpec], overriding overrides: [String: Any] = [:]) -> [String: Any] {
        var values: [String: Any] = [:]
        for spec in schema {
            let parsed = try! JSONSerialization.jsonObject(with: Data("[\(spec.defaultValue)]".utf8)) as! [Any]
            switch spec.type {
            case .bool: values[spec.name] = parsed[0] as! Bool
            case .int: values[spec.name] = (parsed[0] as! NSNumber).intValue
            case .double: values[spec.name] = (parsed[0] as! NSNumber).doubleValue
            case .string: values[spec.name] = parsed[0] as! String
            case .weights: values[spec.name] = (parsed[0] as! [String: NSNumber]).mapValues(\.doubleValue)
            }
        }
        return values.merging(overrides) { $1 }
    }

    /// The table as the SDK receives it.
    var pointer: UnsafePointer<dashost_host> { UnsafePointer(table) }

    /// The fake behind a table.
    static func of(_ table: UnsafePointer<dashost_host>?) -> FakeHost {
        Unmanaged<FakeHost>.fromOpaque(table!.pointee.host_data!).takeUnretainedValue()
    }

    private func hostString(_ text: String) -> UnsafePointer<CChar> {
        let s = strdup(text)!
        strings.append(s)
        return UnsafePointer(s)
    }

    private func value<T>(_ name: UnsafePointer<CChar>?, as type: T.Type) -> T? {
        let v = values[String(cString: name!)]
        // Plain Swift values only: a Bool is not an Int here, nor an Int a Double.
        guard let v, Swift.type(of: v) == T.self else { return nil }
        return v as? T
    }

    private static func makeTable(structSize: Int) -> dashost_host {
        var t = dashost_host()
        t.struct_size = UInt32(structSize)
        t.abi_major = UInt32(DASHOST_ABI_MAJOR)
        t.abi_minor = UInt32(DASHOST_ABI_MINOR)
        t.param_bool = { h, name, out in
            guard let v = FakeHost.of(h).value(name, as: Bool.self) else { return DASHOST_ERR_BAD_PARAMS }
            out!.pointee = v ? 1 : 0
            return DASHOST_OK
        }
        t.param_int = { h, name, out in
            guard let v = FakeHost.of(h).value(name, as: Int.self) else { return DASHOST_ERR_BAD_PARAMS }
            out!.pointee = Int64(v)
            return DASHOST_OK
        }
        t.param_double = { h, name, out in
            guard let v = FakeHost.of(h).value(name, as: Double.self) else { return DASHOST_ERR_BAD_PARAMS }
            out!.pointee = v
            return DASHOST_OK
        }
        t.param_string = { h, name in
            let host = FakeHost.of(h)
            return host.value(name, as: String.self).map { host.hostString($0) }
        }
        t.param_weights_count = { h, name in
            UInt64(FakeHost.of(h).value(name, as: [String: Double].self)?.count ?? 0)
        }
        t.param_weights_entry = { h, name, index, key, value in
            let host = FakeHost.of(h)
            guard let weights = host.value(name, as: [String: Double].self), Int(index) < weights.count else {
                return DASHOST_ERR_BAD_PARAMS
            }
            let k = weights.keys.sorted()[Int(index)]
            key!.pointee = host.hostString(k)
            value!.pointee = weights[k]!
            return DASHOST_OK
        }
        t.log = { h, level, message in FakeHost.of(h).logs.append((level, String(cString: message!))) }
        t.progress = { h, fraction in FakeHost.of(h).progress.append(fraction) }
        t.is_cancelled = { h in FakeHost.of(h).cancelled ? 1 : 0 }
        t.thread_budget = { _ in 3 }
        t.random_uniform = { h in
            let host = FakeHost.of(h)
            defer { host.nextUniform = (host.nextUniform + 0.125).truncatingRemainder(dividingBy: 1) }
            return host.nextUniform
        }
        t.random_normal = { _ in -1.5 }
        t.random_below = { _, n in n == 0 ? 0 : n - 1 }
        t.random_permutation = { _, out, n in
            for i in 0..<Int(n) { out![i] = n - 1 - UInt64(i) }
        }
        t.quantile = { _, values, n, q in
            let sorted = UnsafeBufferPointer(start: values, count: Int(n)).sorted()
            let position = q * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
        t.column_stats = { _, X, minimum, maximum, mean, std in
            let rows = Int(X.rows), cols = Int(X.cols)
            for j in 0..<cols {
                let column = (0..<rows).map { X.data![$0 * cols + j] }
                let m = column.reduce(0, +) / Double(rows)
                minimum?[j] = column.min()!
                maximum?[j] = column.max()!
                mean?[j] = m
                std?[j] = (column.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(rows)).squareRoot()
            }
            return DASHOST_OK
        }
        t.nearest_rows = { _, X, point, k, index, distance in
            let rows = Int(X.rows), cols = Int(X.cols)
            guard Int(k) <= rows else { return DASHOST_ERR_INVALID_ARGUMENT }
            let d = (0..<rows).map { i in
                (0..<cols).map { j in (X.data![i * cols + j] - point![j]) * (X.data![i * cols + j] - point![j]) }
                    .reduce(0, +).squareRoot()
            }
            let order = (0..<rows).sorted { (d[$0], $0) < (d[$1], $1) }
            for r in 0..<Int(k) {
                index?[r] = UInt64(order[r])
                distance?[r] = d[order[r]]
            }
            return DASHOST_OK
        }
        t.get_extension = { _, id in
            String(cString: id!) == "test.ext/1" ? UnsafeRawPointer(bitPattern: 0x1000) : nil
        }
        return t
    }
}
