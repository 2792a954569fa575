import DashostPluginKit

/// Parameter readers shared by the policy plugin adapters, so every policy spells its common knobs
/// the same way.
extension PluginParams {
    /// `"hardness"`: "low" | "medium" | "high", default "medium" (see `Hardness`).
    public func hardness() throws -> Hardness {
        Hardness(rawValue: try choice("hardness", default: Hardness.medium.rawValue, among: Hardness.names))!
    }

    /// `"borderline_quantile"` in [0, 1]: training rows scoring at or above this quantile seed the policy.
    public func borderlineQuantile(default value: Double = 0.8) throws -> Double {
        try double("borderline_quantile", default: value, in: 0...1)
    }

    /// `"oversample"` (1...100, default 4) and `"max_rounds"` (1...10, default 3) of `CandidateSelection`.
    public func filtering() throws -> (oversample: Int, maxRounds: Int) {
        (try int("oversample", default: 4, in: 1...100), try int("max_rounds", default: 3, in: 1...10))
    }

    /// A range read from two keys `"<name>_min"` and `"<name>_max"`, each within `bounds`, min <= max.
    public func range(_ name: String, default value: ClosedRange<Double>,
                      in bounds: ClosedRange<Double>) throws -> ClosedRange<Double> {
        let lo = try double("\(name)_min", default: value.lowerBound, in: bounds)
        let hi = try double("\(name)_max", default: value.upperBound, in: bounds)
        guard lo <= hi else { throw PluginError.badParams("parameter '\(name)_min' = \(lo) exceeds '\(name)_max' = \(hi)") }
        return lo...hi
    }
}

extension Matrix {
    /// Copies all values into a host buffer of exactly `rows * cols` doubles (a policy's output).
    public func copy(into out: UnsafeMutableBufferPointer<Double>) throws {
        guard out.count == values.count else {
            throw PluginError.internalError("policy produced \(values.count) values for a buffer of \(out.count)")
        }
        _ = out.initialize(from: values)
    }
}
