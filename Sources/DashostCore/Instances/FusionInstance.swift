import CDashostPlugin
import Foundation

/// A live fusion-rule plugin instance.
public final class FusionInstance: PluginInstance<dashost_fusion_api>, Fusion, @unchecked Sendable {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ plugin: Plugin, params: String = "{}", seed: UInt64 = 0) throws {
        try super.init(plugin, kind: .fusion, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Fuses named columns of equal length into one.
    public func fuse(_ columns: [(name: String, scores: [Double], reference: [Double])]) throws -> [Double] {
        try fuse(count: columns.count, column: { columns[$0] }, into: nil)
    }

    public func fuse(count k: Int, column: (Int) -> (name: String, scores: [Double], reference: [Double])) throws -> [Double] {
        try fuse(count: k, column: column, into: nil)
    }

    /// Fuses `count` columns, the `i`-th given by `column(i)`, so a caller holding its columns in
    /// another shape (the fuse node) builds no array of them.
    ///
    /// Nothing is copied or allocated but the result: each column's name and buffers are pinned for
    /// the call by one level of recursion and the C column table lives on the stack (C copies of the
    /// names and arrays of the columns were several allocations per call).
    /// `into`, when given, receives the output instead of a fresh array (the conformance checks'
    /// guarded buffers); the returned array is then empty.
    func fuse(count k: Int, column: (Int) -> (name: String, scores: [Double], reference: [Double]),
              into given: UnsafeMutablePointer<Double>?) throws -> [Double] {
        let n = k > 0 ? column(0).scores.count : 0
        return try withUnsafeTemporaryAllocation(of: dashost_score_column.self, capacity: max(k, 1)) { table in
            func pin(_ i: Int) throws -> [Double] {
                if i == k {
                    // Zeroed, so a plugin that breaks the contract and skips rows leaves zeros, never
                    // stale memory; capacity at least 1, so the plugin never sees a NULL buffer.
                    var out = [Double](repeating: 0, count: given == nil ? max(n, 1) : 0)
                    try out.withUnsafeMutableBufferPointer { buffer in
                        let o = given ?? buffer.baseAddress!
                        Unwritten.fill(o, count: n)
                        try serialised {
                            try callPlugin(name, "fuse") { api.fuse!(handle, table.baseAddress, UInt64(k), UInt64(n), o, $0) }
                        }
                        try requireFinite(o, count: n, plugin: name, operation: "fuse") { "the fused score of row \($0) of \(n)" }
                    }
                    if n == 0 { out.removeAll() }
                    return out
                }
                let c = column(i)
                return try c.name.withCString { name in
                    try c.scores.withUnsafeBufferPointer { s in
                        try c.reference.withUnsafeBufferPointer { r in
                            table[i] = dashost_score_column(
                                name: name,
                                scores: dashost_vector(data: s.baseAddress, length: UInt64(s.count)),
                                reference: dashost_vector(data: r.baseAddress, length: UInt64(r.count)))
                            return try pin(i + 1)
                        }
                    }
                }
            }
            return try pin(0)
        }
    }
}
