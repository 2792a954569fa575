import DashostPluginKit

/// The "keep what still looks normal" step shared by the filtering policies.
///
/// Candidates are generated in rounds, in groups of `groupSize` rows (1 for single points, the cluster
/// size for micro-cluster policies). Each round makes `oversample` times the number of groups still
/// missing, scores them with ONE batched call, and accepts, in generation order, the groups whose
/// highest score is at most `threshold`. Round `r` is generated with `shrink = 0.5^r`, which a policy
/// multiplies into its move sizes, so a detector that rejects large moves is offered smaller ones.
///
/// Fallback (never loops forever): after `maxRounds` rounds, missing groups are filled with the
/// rejected groups of every round that scored lowest (ties by generation order). So the call always
/// returns exactly `count` rows after at most `maxRounds` score calls, and those rows are the most
/// normal-looking candidates that were made.
struct CandidateSelection {
    /// Rows per group; a group is accepted or rejected as a whole.
    var groupSize = 1
    /// Highest score an accepted group may have.
    var threshold: Double
    /// The default `oversample` of the filtering policies.
    static let defaultOversample = 4
    /// The default `maxRounds` of the filtering policies.
    static let defaultMaxRounds = 3

    /// Candidate groups made per missing group in each round.
    var oversample = CandidateSelection.defaultOversample
    /// Number of generate-and-score rounds before the fallback.
    var maxRounds = CandidateSelection.defaultMaxRounds

    /// Makes `groups * groupSize` candidate rows for round `round` (shrink = 0.5^round).
    typealias Maker = (_ groups: Int, _ shrink: Double, _ rng: inout SeededGenerator) -> Matrix

    /// Returns `count` rows of `cols` columns chosen as described above; `seed` derives one random
    /// stream per round.
    func select(count: Int, cols: Int, seed: UInt64, score: PolicyScoreFunction, make: Maker) throws -> Matrix {
        let groupsNeeded = (count + groupSize - 1) / groupSize
        var accepted: [Double] = []
        accepted.reserveCapacity(groupsNeeded * groupSize * cols)
        var acceptedGroups = 0
        // Rejected groups: their rows and their group score, kept for the fallback.
        var rejected: [(score: Double, order: Int, rows: ArraySlice<Double>)] = []
        var order = 0
        let groupWidth = groupSize * cols

        for round in 0..<max(1, maxRounds) where acceptedGroups < groupsNeeded {
            let missing = groupsNeeded - acceptedGroups
            var rng = SeededGenerator.stream(seed: seed, index: UInt64(round))
            let shrink = 1.0 / Double(1 << min(round, 30))
            let pool = make(missing * max(1, oversample), shrink, &rng)
            precondition(pool.cols == cols && pool.rows % groupSize == 0, "candidate maker returned a bad shape")
            let scores = try PolicyMath.score(pool, with: score)
            for g in 0..<(pool.rows / groupSize) {
                var worst = -Double.infinity
                for r in (g * groupSize)..<((g + 1) * groupSize) { worst = max(worst, scores[r]) }
                let rows = pool.values[(g * groupWidth)..<((g + 1) * groupWidth)]
                if acceptedGroups < groupsNeeded && worst <= threshold {
                    accepted.append(contentsOf: rows)
                    acceptedGroups += 1
                } else if acceptedGroups < groupsNeeded {
                    rejected.append((worst, order, rows))
                }
                order += 1
            }
        }
        if acceptedGroups < groupsNeeded {
            rejected.sort { $0.score != $1.score ? $0.score < $1.score : $0.order < $1.order }
            for group in rejected.prefix(groupsNeeded - acceptedGroups) {
                accepted.append(contentsOf: group.rows)
                acceptedGroups += 1
            }
        }
        precondition(acceptedGroups == groupsNeeded, "candidate selection made too few candidates")
        return Matrix(rows: count, cols: cols, values: Array(accepted.prefix(count * cols)))
    }
}
