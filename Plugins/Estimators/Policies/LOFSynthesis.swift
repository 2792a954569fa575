/// Hard synthetic anomalies for LOF (Local Outlier Factor).
///
/// Policy. LOF compares a row's local reachability density with that of its k nearest training rows
/// and flags rows much sparser than their neighbours. Its blind spot (paper Appendix 6.15, Table 19:
/// LOF fails on clustered anomalies) is anomalies that are not sparse *relative to their
/// surroundings*: a small, dense group sitting in the thin region just outside the fringe of the
/// data, next to borderline rows that are themselves sparse. Seen from there, the neighbours' densities
/// are as low as the point's own, so the ratio stays near 1, while the group is genuinely off the data.
///
/// Steps: `MicroClusterSynthesis` with LOF's neighbourhood (`neighbors` = LOF's default,
/// ``LocalOutlierFactor/defaultNeighbors``), so the
/// step and the direction are measured in the same local scale LOF uses: borderline seeds (top
/// `borderlineQuantile` of LOF's training scores); a cluster centre a fraction of the seed's
/// k-distance outward, away from its neighbours' mean; `clusterSize` points tightly around it; keep
/// clusters LOF still scores as normal-looking, with the fallback described there.
public enum LOFSynthesis {
    /// The LOF policy's defaults: micro-clusters measured in LOF's default neighbourhood.
    public static func policy() -> MicroClusterSynthesis {
        var p = MicroClusterSynthesis()
        p.neighbors = LocalOutlierFactor.defaultNeighbors
        return p
    }
}
