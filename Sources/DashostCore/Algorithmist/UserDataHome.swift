import Foundation

/// The user-level folder where installed policies live, with the registry fragment that lists them
/// and pairs them with their detectors: `$DASHOST_DATA_HOME`, else `$XDG_DATA_HOME/dashost`, else
/// `~/.local/share/dashost` (the XDG base-directory rule). The fragment is merged onto the built-in
/// registry by every command, so a policy installed once is what `dashost enhance` uses.
public enum UserDataHome {
    /// The environment variable that moves the folder (tests and sandboxed runs point it elsewhere).
    public static let variable = "DASHOST_DATA_HOME"
    /// The fragment's file name inside the folder.
    public static let registryName = "registry.json"
    /// The folder holding one subfolder per detector, one numbered folder per installed policy.
    public static let policiesName = "policies"

    /// The folder, or nil when the environment names no home at all.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment[variable], !given.isEmpty { return given }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/dashost" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/dashost" }
        return nil
    }

    /// The user-level registry fragment when it exists.
    public static func registry(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let folder = folder(environment: environment) else { return nil }
        let path = folder + "/" + registryName
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
