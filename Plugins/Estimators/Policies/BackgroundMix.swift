import DashostPluginKit

/// Mixes a share of easy, global anomalies into a detector-aware policy's hard ones.
///
/// Why. A detector-aware policy puts every synthetic anomaly in the detector's blind spot, close to
/// the normal data. A classifier trained on those alone has never seen anything *far* from the normal
/// rows, and a tree ensemble does not extrapolate: a real anomaly far outside the data (which the
/// detector already ranks first) can land in a "normal" leaf and be scored as normal by the classifier,
/// so the fused score ranks it below borderline normal rows. A small share of uniform points from the
/// widened feature box (the ADBench "global anomalies" recipe, `UniformSynthesis`) teaches the
/// classifier that "far from every normal row" is anomalous too, keeping its output consistent with
/// the detector's on obvious anomalies while the hard share still refines the boundary.
///
/// Layout: the first `count - background` rows are the policy's, the last `background =
/// round(share * count)` rows the uniform ones; the uniform rows use their own random stream derived
/// from the call's seed, so the policy's rows are the same as the policy would make for
/// `count - background` rows on its own.
public struct BackgroundMix {
    /// The default `share`: no background.
    public static let defaultShare = 0.0
    /// The default `widen`: the uniform baseline's (`UniformSynthesis.defaultWiden`).
    public static let defaultWiden = UniformSynthesis.defaultWiden

    /// Share of the synthetic rows drawn uniformly from the widened box, in [0, 1].
    public var share = BackgroundMix.defaultShare
    /// Widening of each side of a feature's range for the uniform rows, as a fraction of its width.
    public var widen = BackgroundMix.defaultWiden

    /// No background by default.
    public init(share: Double = BackgroundMix.defaultShare, widen: Double = BackgroundMix.defaultWiden) {
        self.share = share
        self.widen = widen
    }

    /// Number of background rows among `count`.
    public func backgroundCount(of count: Int) -> Int {
        min(count, max(0, Int((share * Double(count)).rounded())))
    }

    /// `count` rows: the policy's `count - background` rows (`policy(n)` must return `n` rows of
    /// `train.cols`), then the uniform rows.
    public func generate(train: MatrixView, count: Int, seed: UInt64, policy: (_ count: Int) throws -> Matrix) throws -> Matrix {
        let background = backgroundCount(of: count)
        let hard = count - background
        var values: [Double] = []
        values.reserveCapacity(count * train.cols)
        if hard > 0 {
            let m = try policy(hard)
            precondition(m.rows == hard && m.cols == train.cols, "BackgroundMix: the policy returned a bad shape")
            values.append(contentsOf: m.values)
        }
        if background > 0 {
            var uniform = UniformSynthesis()
            uniform.widen = widen
            var streamGenerator = SeededGenerator.stream(seed: seed, index: 0xB6)
            let stream = streamGenerator.next()
            values.append(contentsOf: uniform.generate(train: train, count: background, seed: stream).values)
        }
        return Matrix(rows: count, cols: train.cols, values: values)
    }

    /// Runs a detector-aware `policy` against the detector's `scorer` for the non-background share and
    /// writes every row, row-major, into `out` (what each policy plugin's `generate` does).
    public func fill<P: ScoredSynthesis>(_ out: UnsafeMutableBufferPointer<Double>, train: MatrixView, policy: P,
                                         scorer: Scorer, count: Int, seed: UInt64) throws {
        let score: PolicyScoreFunction = { try scorer.score($0) }
        let rows = try generate(train: train, count: count, seed: seed) { (n: Int) -> Matrix in
            try policy.generate(train: train, score: score, count: n, seed: seed)
        }
        try rows.copy(into: out)
    }
}

extension PluginParams {
    /// `"background_share"` in [0, 1] (default `share`) and `"background_widen"` in [0, 10] (default
    /// `BackgroundMix.defaultWiden`) of `BackgroundMix`.
    public func backgroundMix(defaultShare share: Double = BackgroundMix.defaultShare) throws -> BackgroundMix {
        BackgroundMix(share: try double("background_share", default: share, in: 0...1,
                                        doc: "share of the synthetic rows drawn uniformly from the widened training box instead of by the policy"),
                      widen: try double("background_widen", default: BackgroundMix.defaultWiden, in: 0...10,
                                        doc: "widening of each side of a feature's range for the background rows, as a fraction of its width"))
    }
}

/// A detector-aware synthesis algorithm: generates hard anomalies using the detector's score function.
public protocol ScoredSynthesis {
    /// Generates `count` rows of `train.cols` values, reproducibly from `seed`.
    func generate(train: MatrixView, score: PolicyScoreFunction, count: Int, seed: UInt64) throws -> Matrix
}

extension IForestSynthesis: ScoredSynthesis {}
extension PCASynthesis: ScoredSynthesis {}
extension OCSVMSynthesis: ScoredSynthesis {}
extension ECODSynthesis: ScoredSynthesis {}
extension MicroClusterSynthesis: ScoredSynthesis {}
