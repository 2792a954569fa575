/// How `PolicyVetter` runs a candidate policy.
public struct PolicyVettingOptions: Sendable {
    /// Whether the policy must call the detector's score callback (check `uses_score_callback`);
    /// false for the prompt variant "simple", which asks for a detector-agnostic policy.
    public var requiresScoreCallback: Bool
    /// Seeds the detector, the policy, the uniform baseline and the forest (never the vetting data,
    /// which are fixed: `VettingDataset.all`).
    public var seed: UInt64
    /// Wall-clock seconds one call of the policy may take before its sandboxed process is killed.
    public var wallSeconds: Double
    /// Address space of the policy's sandboxed process, in MiB.
    public var memoryMB: Int

    public init(requiresScoreCallback: Bool = true, seed: UInt64 = 0, wallSeconds: Double = 120, memoryMB: Int = 4096) {
        self.requiresScoreCallback = requiresScoreCallback
        self.seed = seed
        self.wallSeconds = wallSeconds
        self.memoryMB = memoryMB
    }
}
