/// Min-max scaling fitted on reference scores: `(x - min) / (max - min)`, not clipped, so a test score
/// above every reference score maps above 1. A constant reference (max == min) maps every score to 0:
/// the column then carries no information and must not blow up the sum.
public struct MinMaxNormalizer {
    /// Smallest reference score.
    public let minimum: Double
    /// Largest reference score.
    public let maximum: Double

    /// Fits on a non-empty reference.
    public init<C: Collection>(reference: C) where C.Element == Double {
        precondition(!reference.isEmpty, "MinMaxNormalizer: empty reference")
        (minimum, maximum) = reference.withContiguousStorageIfAvailable(Extremes.of) ?? (reference.min()!, reference.max()!)
    }

    /// Fits on a non-empty reference with the top of the scale at its `upperQuantile` (in (0, 1];
    /// linear interpolation between order statistics, as `numpy.quantile`) instead of its maximum:
    /// `(x - min) / (q - min)`. Anomaly scores are heavy-tailed, so one extreme training score would
    /// otherwise squeeze every other score towards 0 and hand a fused sum to the other columns; a
    /// high quantile ignores the few most extreme reference scores. `upperQuantile = 1` is the maximum.
    public init<C: Collection>(reference: C, upperQuantile: Double) where C.Element == Double {
        precondition(!reference.isEmpty, "MinMaxNormalizer: empty reference")
        precondition(upperQuantile > 0 && upperQuantile <= 1, "MinMaxNormalizer: upper quantile must be in (0, 1]")
        minimum = reference.withContiguousStorageIfAvailable { Extremes.of($0).minimum } ?? reference.min()!
        maximum = Quantile.of(reference, upperQuantile)
    }

    /// The scaled score.
    @inlinable public func callAsFunction(_ x: Double) -> Double {
        let range = maximum - minimum
        return range > 0 ? (x - minimum) / range : 0
    }
}

/// Standardisation fitted on reference scores: `(x - mean) / std`, with the population standard
/// deviation (as scikit-learn's `StandardScaler`); a zero deviation is replaced by 1 (the scaler's rule),
/// so a constant column only shifts.
public struct ZScoreNormalizer {
    /// Mean of the reference.
    public let mean: Double
    /// Population standard deviation of the reference, or 1 when it is 0.
    public let scale: Double

    /// Fits on a non-empty reference (two passes, for accuracy).
    public init<C: Collection>(reference: C) where C.Element == Double {
        precondition(!reference.isEmpty, "ZScoreNormalizer: empty reference")
        let n = Double(reference.count)
        let mean = reference.reduce(0, +) / n
        let variance = reference.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let std = variance.squareRoot()
        self.mean = mean
        self.scale = std > 0 ? std : 1
    }

    /// The standardised score.
    @inlinable public func callAsFunction(_ x: Double) -> Double { (x - mean) / scale }
}

/// The empirical CDF of reference scores with mid-rank ties: `(#{r < x} + #{r == x} / 2) / m`.
/// A score equal to no reference value gets the plain fraction of reference scores below it; the
/// result is in [0, 1] and only the order of scores matters, so columns on any scale are comparable.
public struct EmpiricalCDF {
    /// The reference, sorted ascending.
    public let sortedReference: [Double]

    /// Fits on a non-empty reference.
    public init<C: Collection>(reference: C) where C.Element == Double {
        precondition(!reference.isEmpty, "EmpiricalCDF: empty reference")
        sortedReference = reference.sorted()
    }

    /// The mid-rank CDF value of `x`.
    public func callAsFunction(_ x: Double) -> Double {
        let below = firstIndex { $0 >= x }
        let atOrBelow = firstIndex { $0 > x }
        return (Double(below) + Double(atOrBelow - below) / 2) / Double(sortedReference.count)
    }

    /// First index whose value satisfies a predicate that is false then true along the sorted array.
    private func firstIndex(where predicate: (Double) -> Bool) -> Int {
        var lo = 0, hi = sortedReference.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(sortedReference[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
