import DashostPluginKit

extension MicroClusterSynthesis {
    /// Reads the knobs of the micro-cluster synthesis that both neighbourhood policies (KNN's and
    /// LOF's) expose, each defaulting to the value the policy was created with (`hardness`, `oversample`
    /// and `max_rounds` to the shared defaults).
    public mutating func configure(_ params: PluginParams) throws {
        hardness = try params.hardness()
        borderlineQuantile = try params.borderlineQuantile(default: borderlineQuantile)
        neighbors = try params.int("neighbors", default: neighbors, in: 1...1000)
        clusterSize = try params.int("cluster_size", default: clusterSize, in: 1...1000)
        stepRange = try params.range("step", default: stepRange, in: 0...100)
        spread = try params.double("spread", default: spread, in: 0...10)
        directionJitter = try params.double("direction_jitter", default: directionJitter, in: 0...10)
        (oversample, maxRounds) = try params.filtering()
    }
}
