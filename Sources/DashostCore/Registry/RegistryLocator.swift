import Foundation

/// Finds the registry file: an explicit path, else `$DASHOST_REGISTRY`, else `./registry.json`, else
/// the `registry.json` of the checkout the executable was built in (searched upward from its folder).
public enum RegistryLocator {
    /// The registry path to use.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> String {
        if let explicit { return explicit }
        if let env = environment["DASHOST_REGISTRY"], !env.isEmpty { return env }
        let local = URL(fileURLWithPath: workingDirectory).appendingPathComponent("registry.json").path
        if FileManager.default.fileExists(atPath: local) { return local }
        if let exe = PluginSearchPath.executableFolder() {
            var dir = URL(fileURLWithPath: exe)
            for _ in 0..<5 {
                dir = dir.deletingLastPathComponent()
                let candidate = dir.appendingPathComponent("registry.json").path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
        }
        throw RegistryError("no registry: pass --registry FILE, set DASHOST_REGISTRY, or run where registry.json is")
    }
}
