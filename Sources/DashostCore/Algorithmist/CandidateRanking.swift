/// Orders candidate policies that passed vetting, by their vetting measurements alone (the host's
/// generated data: no test labels, nothing a benchmark could leak into the choice).
///
/// The criterion (docs/llm.md, "Vetting criteria"), in order:
/// 1. **Learnable first**: candidates whose out-of-bag AUC lies in `learnableBand`, [0.75, 0.99),
///    come before the others. Below 0.75 the forest cannot tell the rows from normal ones and learns
///    noise (requirement 3); from 0.99 on it separates them by a trivial rule and learns nothing the
///    detector needs (requirement 4). A candidate without an AUC counts as outside the band.
/// 2. **Then better hidden**: lower `policyPercentileMedian` first. Hidden from the detector while
///    still learnable is the one thing a policy adds over noise (docs/llm.md, "What a policy must do
///    to beat noise"); the check `hard` already guarantees every passing one beats uniform noise.
/// 3. Ties by index (the order the candidates were generated in).
///
/// Distance ratio is reported but not ranked on: within the band, closeness is what the AUC
/// already measures from the classifier's side, and its bounds in docs/llm.md are rough.
public enum CandidateRanking {
    /// Out-of-bag AUCs counted as learnable: at least 0.75, below 0.99.
    public static let learnableBand: Range<Double> = 0.75..<0.99

    /// The rank score of one candidate's measurements, higher better: `2 - percentile` inside the
    /// learnable band, `1 - percentile` outside it, so every in-band candidate (percentile < 1, as
    /// check `hard` ensures) ranks above every out-of-band one.
    public static func score(policyPercentileMedian: Double, oobAUC: Double?) -> Double {
        let learnable = oobAUC.map { learnableBand.contains($0) } ?? false
        return (learnable ? 2 : 1) - policyPercentileMedian
    }

    /// Indices of the passing reports, best first (the criterion above); ties by index.
    public static func rank(_ reports: [VettingReport]) -> [Int] {
        let scored = reports.enumerated().compactMap { index, report -> (index: Int, score: Double)? in
            guard report.passed else { return nil }
            let score = report.rankScore
                ?? report.policyPercentileMedian.map { Self.score(policyPercentileMedian: $0, oobAUC: report.oobAUC) }
                ?? -Double.infinity
            return (index, score)
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }.map(\.index)
    }
}
