/// Hard synthetic anomalies for KNN (distance to the k-th nearest training row).
///
/// Policy. KNN scores a row by its distance to its k-th nearest training row and judges every row by
/// one global yardstick, the same for dense and sparse regions. Its blind spot is the *local outlier*:
/// where the normal rows are dense, a point several times farther from them than they are from each
/// other still has a smaller k-distance than ordinary rows in sparse regions, so KNN scores it as
/// normal although it is clearly outside its neighbourhood (a ratio to the local scale, as LOF's,
/// would flag it; KNN has none). And KNN measures a test row against the training rows only, never
/// against other test rows, so a group of anomalies hides no better than a single one: the budget goes
/// to single points at distinct places, not to micro-clusters.
///
/// Steps: `MicroClusterSynthesis` with
/// - `neighbors` = KNN's default k (``KNearestNeighborsDetector/defaultNeighbors``): a seed's local scale `r` is exactly its KNN training score;
/// - `borderlineQuantile` = 0: every training row is a seed, the dense ones included (they are where
///   the blind spot is);
/// - `stepRange` = 1...3: each point lies `t * r` from its seed, t uniform in 1...3, outward from the
///   mean of the seed's k neighbours (tilted by `directionJitter`), so it is outside the ball that
///   holds the seed's own neighbours, one to three local scales beyond it;
/// - `clusterSize` = 1: single points (with the small `spread` offset);
/// - keep the points KNN still scores at most the `hardness.acceptQuantile` of its training scores:
///   this drops exactly the candidates KNN sees (most of those from sparse seeds); later rounds halve
///   the steps, and the fallback is described there.
public enum KNNSynthesis {
    /// The KNN policy's defaults: single local outliers, one to three k-neighbour scales from any
    /// training row (KNN's default k).
    public static func policy() -> MicroClusterSynthesis {
        var p = MicroClusterSynthesis()
        p.neighbors = KNearestNeighborsDetector.defaultNeighbors
        p.borderlineQuantile = 0
        p.clusterSize = 1
        p.stepRange = 1...3
        return p
    }
}
