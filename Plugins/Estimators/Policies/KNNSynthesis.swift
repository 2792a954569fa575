/// Hard synthetic anomalies for KNN (distance to the k-th nearest training row).
///
/// Policy. KNN scores a row by its distance to its k-th nearest training row, one global yardstick
/// for the whole space. Its blind spot is a point that is off the data but no farther from its k-th
/// neighbour than the borderline training rows are from theirs: placed in the sparse gap right next to
/// a borderline row, at a fraction of that row's own k-distance, it scores like the row itself. Such
/// points come as small dense micro-clusters, the clustered anomalies neighbourhood detectors miss
/// (paper Appendix 6.15).
///
/// Steps: `MicroClusterSynthesis` with KNN's neighbourhood (`neighbors` = 5, PyOD's default), so the
/// step is a fraction of exactly the k-distance KNN scores with: borderline seeds (top
/// `borderlineQuantile` of KNN's training scores); a cluster centre outward from the seed, away from
/// its neighbours' mean; `clusterSize` points tightly around it; keep clusters KNN still scores as
/// normal-looking, with the fallback described there.
public enum KNNSynthesis {
    /// The KNN policy's defaults: micro-clusters measured in a 5-neighbour scale.
    public static func policy() -> MicroClusterSynthesis {
        var p = MicroClusterSynthesis()
        p.neighbors = 5
        return p
    }
}
