/// What the isolation tests observe.
@_spi(Testing) public enum IsolationTestHooks {
    /// Plugin servers this process has started.
    public static var serversStarted: Int { PluginServerConnection.started.load(ordering: .relaxed) }
    /// Whether idle servers with `settings` are kept for reuse.
    public static func serversAreReused(_ settings: IsolationSettings) -> Bool { ServerPool.reuses(settings) }
}
