import DashostPluginKit

extension MicroClusterSynthesis {
    /// Reads the knobs of the micro-cluster synthesis that both neighbourhood policies (KNN's and
    /// LOF's) expose, each defaulting to the value the policy was created with (`hardness`, `oversample`
    /// and `max_rounds` to the shared defaults).
    public mutating func configure(_ params: PluginParams) throws {
        hardness = try params.hardness()
        borderlineQuantile = try params.borderlineQuantile(default: borderlineQuantile)
        neighbors = try params.int("neighbors", default: neighbors, in: 1...1000,
                                   doc: "neighbourhood size that defines a seed's local scale (k-distance) and outward direction")
        clusterSize = try params.int("cluster_size", default: clusterSize, in: 1...1000, doc: "points per micro-cluster")
        stepRange = try params.range("step", default: stepRange, in: 0...100,
                                     doc: "the distance of a cluster centre from its seed, in seed k-distances (before the hardness scale)")
        spread = try params.double("spread", default: spread, in: 0...10, doc: "radius of a micro-cluster, in seed k-distances")
        directionJitter = try params.double("direction_jitter", default: directionJitter, in: 0...10,
                                            doc: "random tilt of the outward direction (0 = exactly away from the neighbours' mean)")
        (oversample, maxRounds) = try params.filtering()
    }
}
