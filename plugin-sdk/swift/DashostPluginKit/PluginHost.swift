import CDashostPlugin

/// The services the host offers one plugin instance (the `dashost_host` table handed to `create`).
///
/// Reach it through `PluginParams.host` in `init(params:seed:)` and keep it: it stays valid until the
/// instance is destroyed. It is a thin wrapper, cheap to copy.
///
/// Threading, as the header's tags say: `log`, `progress`, `isCancelled`, `threadBudget` and the
/// numeric helpers may be called from any thread, also the plugin's own workers; the random stream
/// only from inside a call the host made on the instance (or `init`), on the calling thread.
///
/// The random stream is the host's, seeded from `create`'s seed and re-seeded from `generate`'s seed:
/// equal (params, seed, data) give equal draws. The built-in plugins keep their own seeded generators
/// (their numbers must not change); the stream is for plugins that have none.
///
/// A function the host does not provide (a table older than the field, or a NULL pointer) is treated
/// as the header says: `log` and `progress` do nothing, `isCancelled` is false, `threadBudget` is 1,
/// the numeric helpers throw `DASHOST_ERR_UNSUPPORTED`. Every ABI 2.0 host provides them all.
public struct PluginHost {
    /// Log levels (`DASHOST_LOG_*`); `dashost --verbose` shows `debug` and `info`.
    public enum LogLevel {
        /// Details for plugin authors.
        case debug
        /// Progress a user may want to see with `--verbose`.
        case info
        /// Something the user should know about; the call still succeeds.
        case warning
        /// A failure, typically just before an error status is returned.
        case error

        /// The `DASHOST_LOG_*` value.
        public var cValue: Int32 {
            switch self {
            case .debug: return Int32(DASHOST_LOG_DEBUG)
            case .info: return Int32(DASHOST_LOG_INFO)
            case .warning: return Int32(DASHOST_LOG_WARNING)
            case .error: return Int32(DASHOST_LOG_ERROR)
            }
        }
    }

    /// Per-column statistics of a matrix (`columnStats`).
    public struct ColumnStats: Equatable {
        /// Minimum of each column.
        public var minimum: [Double]
        /// Maximum of each column.
        public var maximum: [Double]
        /// Mean of each column.
        public var mean: [Double]
        /// Population standard deviation of each column.
        public var standardDeviation: [Double]
    }

    /// One row found by `nearestRows`.
    public struct Neighbor: Equatable {
        /// Row index in the searched matrix.
        public var index: Int
        /// Euclidean distance to the query point.
        public var distance: Double
    }

    /// The C table.
    public let table: UnsafePointer<dashost_host>

    /// Wraps a host table (what `create` receives).
    public init(_ table: UnsafePointer<dashost_host>) {
        self.table = table
    }

    /// The host's ABI version.
    public var abiVersion: (major: Int, minor: Int) {
        (Int(table.pointee.abi_major), Int(table.pointee.abi_minor))
    }

    // MARK: - Diagnostics [thread-safe]

    /// Writes one line to the host's log, prefixed by the host with the instance's name.
    public func log(_ level: LogLevel, _ message: String) {
        guard let log = function(\.log) else { return }
        message.withCString { log(table, level.cValue, $0) }
    }

    /// Reports the progress of the current long call, `fraction` in [0, 1] (clamped).
    public func progress(_ fraction: Double) {
        guard let progress = function(\.progress) else { return }
        progress(table, fraction.isNaN ? 0 : min(1, max(0, fraction)))
    }

    /// Whether the user asked to stop: return soon after, e.g. with `throwIfCancelled()`.
    public var isCancelled: Bool {
        guard let isCancelled = function(\.is_cancelled) else { return false }
        return isCancelled(table) != 0
    }

    /// Throws `DASHOST_ERR_CANCELLED` when the user asked to stop.
    public func throwIfCancelled() throws {
        if isCancelled { throw PluginError.cancelled("cancelled") }
    }

    /// How many threads the instance may keep busy (at least 1).
    public var threadBudget: Int {
        guard let budget = function(\.thread_budget) else { return 1 }
        return max(1, Int(budget(table)))
    }

    // MARK: - Random stream [during-call]

    /// A uniform draw in [0, 1).
    public func randomUniform() -> Double {
        required(\.random_uniform, "random_uniform")(table)
    }

    /// A standard normal draw.
    public func randomNormal() -> Double {
        required(\.random_normal, "random_normal")(table)
    }

    /// A uniform integer in `0..<n`; 0 when `n` is 0.
    public func random(below n: Int) -> Int {
        precondition(n >= 0, "random(below:) needs n >= 0")
        return Int(required(\.random_below, "random_below")(table, UInt64(n)))
    }

    /// A uniform random permutation of `0..<n`.
    public func randomPermutation(_ n: Int) -> [Int] {
        precondition(n >= 0, "randomPermutation needs n >= 0")
        guard n > 0 else { return [] }
        let permute = required(\.random_permutation, "random_permutation")
        var out = [UInt64](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { permute(table, $0.baseAddress, UInt64(n)) }
        return out.map { Int($0) }
    }

    // MARK: - Numeric helpers [thread-safe]

    /// The `q`-quantile (`q` in [0, 1], linear interpolation as NumPy's default) of finite `values`.
    public func quantile(_ values: UnsafeBufferPointer<Double>, _ q: Double) throws -> Double {
        guard let quantile = function(\.quantile) else { throw PluginError.unsupported("the host offers no quantile") }
        guard let base = values.baseAddress, !values.isEmpty else { throw PluginError.invalidArgument("quantile of no values") }
        guard q >= 0 && q <= 1 else { throw PluginError.invalidArgument("quantile q = \(q) is outside [0, 1]") }
        return quantile(table, base, UInt64(values.count), q)
    }

    /// The `q`-quantile of finite `values` (see the buffer form).
    public func quantile(_ values: [Double], _ q: Double) throws -> Double {
        try values.withUnsafeBufferPointer { try quantile($0, q) }
    }

    /// Per-column minimum, maximum, mean and population standard deviation of `X`.
    public func columnStats(_ X: MatrixView) throws -> ColumnStats {
        guard let stats = function(\.column_stats) else { throw PluginError.unsupported("the host offers no column_stats") }
        var result = ColumnStats(minimum: .init(repeating: 0, count: X.cols), maximum: .init(repeating: 0, count: X.cols),
                                 mean: .init(repeating: 0, count: X.cols), standardDeviation: .init(repeating: 0, count: X.cols))
        let status = result.minimum.withUnsafeMutableBufferPointer { lo in
            result.maximum.withUnsafeMutableBufferPointer { hi in
                result.mean.withUnsafeMutableBufferPointer { mean in
                    result.standardDeviation.withUnsafeMutableBufferPointer { std in
                        stats(table, X.cMatrix, lo.baseAddress, hi.baseAddress, mean.baseAddress, std.baseAddress)
                    }
                }
            }
        }
        try PluginHost.check(status, "column_stats")
        return result
    }

    /// The `k` rows of `X` nearest to `point` (`X.cols` values), Euclidean, nearest first, ties by row
    /// index. `k` must be at most `X.rows`.
    public func nearestRows(_ X: MatrixView, to point: UnsafeBufferPointer<Double>, k: Int) throws -> [Neighbor] {
        guard let nearest = function(\.nearest_rows) else { throw PluginError.unsupported("the host offers no nearest_rows") }
        guard point.count == X.cols, let base = point.baseAddress else {
            throw PluginError.shape("the point has \(point.count) values but X has \(X.cols) columns")
        }
        guard k >= 0 && k <= X.rows else { throw PluginError.invalidArgument("k = \(k) is outside 0...\(X.rows)") }
        guard k > 0 else { return [] }
        var index = [UInt64](repeating: 0, count: k)
        var distance = [Double](repeating: 0, count: k)
        let status = index.withUnsafeMutableBufferPointer { i in
            distance.withUnsafeMutableBufferPointer { d in
                nearest(table, X.cMatrix, base, UInt64(k), i.baseAddress, d.baseAddress)
            }
        }
        try PluginHost.check(status, "nearest_rows")
        return zip(index, distance).map { Neighbor(index: Int($0), distance: $1) }
    }

    /// The `k` rows of `X` nearest to `point` (see the buffer form).
    public func nearestRows(_ X: MatrixView, to point: [Double], k: Int) throws -> [Neighbor] {
        try point.withUnsafeBufferPointer { try nearestRows(X, to: $0, k: k) }
    }

    /// A host extension table by id (e.g. a future `"dashost.…/1"`), or `nil` when not offered.
    public func hostExtension(_ id: String) -> UnsafeRawPointer? {
        guard let get = function(\.get_extension) else { return nil }
        return id.withCString { get(table, $0) }
    }

    // MARK: - Table access

    /// A function of the table, or `nil` when NULL or past the host's `struct_size` (growth rule).
    func function<F>(_ field: KeyPath<dashost_host, F?>) -> F? {
        PluginHost.function(table, field)
    }

    /// A function of `table`, or `nil` when NULL or past the host's `struct_size` (growth rule).
    static func function<F>(_ table: UnsafePointer<dashost_host>, _ field: KeyPath<dashost_host, F?>) -> F? {
        guard let offset = MemoryLayout<dashost_host>.offset(of: field),
              Int(table.pointee.struct_size) >= offset + MemoryLayout<F?>.size else { return nil }
        return table.pointee[keyPath: field]
    }

    /// A function every ABI 2.0 host provides (the random stream, which cannot fail).
    private func required<F>(_ field: KeyPath<dashost_host, F?>, _ name: String) -> F {
        guard let f = function(field) else { fatalError("the host table has no \(name)") }
        return f
    }

    /// Throws for a non-OK status of a host helper.
    private static func check(_ status: dashost_status, _ name: String) throws {
        guard status != DASHOST_OK else { return }
        let code = dashost_status_name(status).map { String(cString: $0) } ?? "status \(status)"
        throw PluginError(status, "host \(name) failed (\(code))")
    }
}
