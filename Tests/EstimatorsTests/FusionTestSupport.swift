import DashostEstimators
import DashostPluginKit

/// Fuses columns given as (name, scores, reference) with `fusion`, copying them into the unsafe
/// buffers `ScoreColumn` borrows (shared by the fusion and method-quality tests).
func fuseColumns(_ fusion: WeightedScoreFusion, _ columns: [(String, [Double], [Double])]) throws -> [Double] {
    let buffers = columns.map { c -> (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) in
        let s = UnsafeMutableBufferPointer<Double>.allocate(capacity: c.1.count)
        let r = UnsafeMutableBufferPointer<Double>.allocate(capacity: c.2.count)
        _ = s.initialize(from: c.1)
        _ = r.initialize(from: c.2)
        return (s, r)
    }
    defer { for (s, r) in buffers { s.deallocate(); r.deallocate() } }
    let views = zip(columns, buffers).map { ScoreColumn(name: $0.0, scores: UnsafeBufferPointer($1.0), reference: UnsafeBufferPointer($1.1)) }
    var out = [Double](repeating: .nan, count: columns[0].1.count)
    try out.withUnsafeMutableBufferPointer { try fusion.fuse(views, into: $0) }
    return out
}
