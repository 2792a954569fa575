/// Where a plugin node's plugin runs. Ordered: a node never runs with less isolation than its
/// plugin's registry trust, the command line (`--isolate`, `--sandbox`) or its own option asks for.
public enum IsolationLevel: String, CaseIterable, Comparable, Sendable {
    /// In the host process: the fast default for trusted plugins.
    case none
    /// In a child process of its own: a crash, hang, runaway allocation or bad result is an error
    /// naming the node and plugin, and branches that do not depend on it still complete.
    case process
    /// In a child process inside the sandbox (`Sandbox`): no network, no writes outside a scratch
    /// folder, no new processes, CPU-time, memory and open-file limits. Every untrusted plugin.
    case sandbox

    public static func < (a: IsolationLevel, b: IsolationLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How one node's plugin is isolated, and its limits (nil: unlimited).
public struct IsolationSettings: Sendable, Equatable {
    /// Where the plugin runs.
    public var level: IsolationLevel
    /// Wall-clock seconds one call into the plugin may take (isolated nodes only).
    public var timeoutSeconds: Double?
    /// Address space of the child process, in MiB (isolated nodes only).
    public var memoryLimitMB: Int?
    /// CPU seconds of the child process (isolated nodes only).
    public var cpuSeconds: Int?

    /// In-process, no limits.
    public static let inProcess = IsolationSettings(level: .none)

    /// Settings at `level` with optional limits.
    public init(level: IsolationLevel, timeoutSeconds: Double? = nil, memoryLimitMB: Int? = nil, cpuSeconds: Int? = nil) {
        self.level = level
        self.timeoutSeconds = timeoutSeconds
        self.memoryLimitMB = memoryLimitMB
        self.cpuSeconds = cpuSeconds
    }
}
