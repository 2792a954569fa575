import Foundation

/// Small seeded data sets the conformance checks feed to plugins.
enum SyntheticData {
    /// `rows` x `cols` standard-normal-ish values (Box-Muller over SplitMix), reproducible from `seed`.
    static func gaussian(rows: Int, cols: Int, seed: UInt64, shift: Double = 0) -> DataMatrix {
        var g = SplitMix(seed: seed)
        func unit() -> Double { Double(g.next() >> 11) * 0x1.0p-53 }
        var values = [Double](repeating: 0, count: rows * cols)
        for i in values.indices {
            let u = max(unit(), 1e-300), v = unit()
            values[i] = shift + (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        return DataMatrix(rows: rows, cols: cols, values: values)
    }

    /// Two well-separated classes: `rows` normal rows around 0 (label 0) then `rows / 4` rows around 6 (label 1).
    static func twoClasses(rows: Int, cols: Int, seed: UInt64) -> (X: DataMatrix, y: [Double]) {
        let normal = gaussian(rows: rows, cols: cols, seed: seed)
        let anomalies = gaussian(rows: max(4, rows / 4), cols: cols, seed: seed &+ 1, shift: 6)
        return (normal.stacking(anomalies), [Double](repeating: 0, count: normal.rows) + [Double](repeating: 1, count: anomalies.rows))
    }

    /// A copy of `X` with `value` at row `row`, column 0.
    static func with(_ X: DataMatrix, value: Double, atRow row: Int) -> DataMatrix {
        var copy = X
        copy[row, 0] = value
        return copy
    }

    /// The rows of `X` in a seeded random order, and that order.
    static func shuffled(_ X: DataMatrix, seed: UInt64) -> (DataMatrix, [Int]) {
        var g = SplitMix(seed: seed)
        var order = Array(0..<X.rows)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        return (X.selecting(rows: order), order)
    }
}


/// Whether two score vectors agree to a relative tolerance (plugins may sum in a different order
/// for a batch than for one row).
func nearlyEqual(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($0), abs($1)) }
}

/// The index and values of the first disagreement, for a failure message.
func firstDifference(_ a: [Double], _ b: [Double]) -> String {
    guard a.count == b.count else { return "lengths \(a.count) and \(b.count)" }
    let i = zip(a, b).enumerated().first { abs($1.0 - $1.1) > 1e-9 * max(1, abs($1.0), abs($1.1)) }?.offset ?? 0
    return "row \(i): \(a[i]) vs \(b[i])"
}
