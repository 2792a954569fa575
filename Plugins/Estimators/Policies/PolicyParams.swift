import DashostPluginKit

/// Parameter readers shared by the policy plugin adapters, so every policy spells its common knobs
/// the same way.
extension PluginParams {
    /// `"hardness"`: "low" | "medium" | "high", default `Hardness.defaultLevel` (see `Hardness`); `doc` says what it
    /// scales in this policy.
    public func hardness(doc: String = "how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)") throws -> Hardness {
        Hardness(rawValue: try choice("hardness", default: Hardness.defaultLevel.rawValue, among: Hardness.names, doc: doc))!
    }

    /// `"borderline_quantile"` in [0, 1]: training rows scoring at or above this quantile seed the policy.
    public func borderlineQuantile(default value: Double = PolicyMath.defaultBorderlineQuantile) throws -> Double {
        try double("borderline_quantile", default: value, in: 0...1,
                   doc: "training rows whose detector score is at or above this quantile of the training scores seed the anomalies")
    }

    /// `"oversample"` (1...100) and `"max_rounds"` (1...10) of `CandidateSelection`, with its defaults.
    public func filtering() throws -> (oversample: Int, maxRounds: Int) {
        (try int("oversample", default: CandidateSelection.defaultOversample, in: 1...100,
                 doc: "candidates made per requested anomaly in each filtering round (the detector keeps the hard ones)"),
         try int("max_rounds", default: CandidateSelection.defaultMaxRounds, in: 1...10,
                 doc: "filtering rounds before the lowest-scoring rejected candidates fill any gap"))
    }

    /// A range read from two keys `"<name>_min"` and `"<name>_max"`, each within `bounds`, min <= max;
    /// `doc` says what the range is of ("the outward step, in ...").
    public func range(_ name: String, default value: ClosedRange<Double>,
                      in bounds: ClosedRange<Double>, doc: String) throws -> ClosedRange<Double> {
        let lo = try double("\(name)_min", default: value.lowerBound, in: bounds, doc: "lower end of \(doc)")
        let hi = try double("\(name)_max", default: value.upperBound, in: bounds, doc: "upper end of \(doc)")
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
