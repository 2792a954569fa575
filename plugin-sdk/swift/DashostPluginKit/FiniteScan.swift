/// Whether every value is finite (no NaN, no infinity).
///
/// Why not `contains { !$0.isFinite }`: the export thunks check every input matrix, score column and
/// reference on each call, and an early-exit search stays a scalar loop with a branch per value. This
/// ORs one bit per value instead, set when the value's exponent bits are all ones (infinity or NaN):
/// `(bits & exponent) + lowest exponent bit` carries into the sign bit exactly then. Integer AND, ADD
/// and OR vectorise, so a clean column of 20 000 values is a few microseconds.
public func allFinite(_ values: UnsafeBufferPointer<Double>) -> Bool {
    finiteFlags(values, from: 0) >> 63 == 0
}

/// Whether every value of both buffers is finite, reading them side by side.
///
/// Why two at once: the fusion thunk checks a column's scores and its reference, which are usually
/// no longer in cache by then; one pass over two streams keeps more memory reads in flight than two
/// passes over one, and reading the inputs is most of what fusing a large data set costs.
public func allFinite(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Bool {
    guard let pa = a.baseAddress, let pb = b.baseAddress else { return allFinite(a) && allFinite(b) }
    let common = min(a.count, b.count)
    var flags: UInt64 = 0
    for i in 0..<common { flags |= finiteFlag(pa[i]) | finiteFlag(pb[i]) }
    flags |= finiteFlags(a, from: common) | finiteFlags(b, from: common)
    return flags >> 63 == 0
}

/// The OR of `finiteFlag` over `values[start...]`.
private func finiteFlags(_ values: UnsafeBufferPointer<Double>, from start: Int) -> UInt64 {
    guard let base = values.baseAddress else { return 0 }
    var flags: UInt64 = 0
    for i in start..<values.count { flags |= finiteFlag(base[i]) }
    return flags
}

/// A word whose top bit is set exactly when `x` is infinite or NaN.
private func finiteFlag(_ x: Double) -> UInt64 {
    (x.bitPattern & 0x7FF0_0000_0000_0000) &+ 0x0010_0000_0000_0000
}
