import CDashostPlugin
import Foundation

/// A live fusion-rule plugin instance.
public final class FusionInstance: PluginInstance<dashost_fusion_api> {
    /// Creates an instance with `params` (a JSON object) and `seed`.
    public init(_ library: PluginLibrary, params: String = "{}", seed: UInt64 = 0) throws {
        try super.init(library, kind: .fusion, params: params, seed: seed, create: { $0.create }, destroy: { $0.destroy })
    }

    /// Fuses named columns of equal length into one.
    public func fuse(_ columns: [(name: String, scores: [Double], reference: [Double])]) throws -> [Double] {
        let n = columns.first?.scores.count ?? 0
        var out = [Double](repeating: 0, count: n)
        // Pin every buffer for the duration of the call; names are duplicated C strings freed after it.
        let names = columns.map { strdup($0.name) }
        defer { names.forEach { free($0) } }
        var pinned: [dashost_score_column] = []
        func pin(_ i: Int) throws {
            if i == columns.count {
                try pinned.withUnsafeBufferPointer { cols in
                    try out.withUnsafeMutableBufferPointer { o in
                        try callPlugin(library.name, "fuse") {
                            api.fuse!(handle, cols.baseAddress, UInt64(columns.count), UInt64(n), o.baseAddress, $0)
                        }
                    }
                }
                return
            }
            try columns[i].scores.withUnsafeBufferPointer { s in
                try columns[i].reference.withUnsafeBufferPointer { r in
                    pinned.append(dashost_score_column(
                        name: UnsafePointer(names[i]),
                        scores: dashost_vector(data: s.baseAddress, length: UInt64(s.count)),
                        reference: dashost_vector(data: r.baseAddress, length: UInt64(r.count))))
                    try pin(i + 1)
                }
            }
        }
        try pin(0)
        return out
    }
}
