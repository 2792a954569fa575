import Foundation

/// Finds the registry files: the explicit ones (`--registry`, repeatable), else `$DASHOST_REGISTRY`
/// (colon-separated), else `./registry.json`, else the `registry.json` of the checkout the executable
/// was built in (searched upward from its folder).
public enum RegistryLocator {
    /// The registry paths to use.
    public static func locate(explicit: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> [String] {
        if !explicit.isEmpty { return explicit }
        if let env = environment["DASHOST_REGISTRY"], !env.isEmpty { return env.split(separator: ":").map(String.init) }
        let local = URL(fileURLWithPath: workingDirectory).appendingPathComponent("registry.json").path
        if FileManager.default.fileExists(atPath: local) { return [local] }
        if let exe = PluginSearchPath.executableFolder() {
            var dir = URL(fileURLWithPath: exe)
            for _ in 0..<5 {
                dir = dir.deletingLastPathComponent()
                let candidate = dir.appendingPathComponent("registry.json").path
                if FileManager.default.fileExists(atPath: candidate) { return [candidate] }
            }
        }
        throw RegistryError("no registry: pass --registry FILE, set DASHOST_REGISTRY, or run where registry.json is")
    }
}
