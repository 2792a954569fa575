import Foundation

/// Files shipped with the checkout the executable was built in (the built-in registry, the prompt
/// templates, the SDK header generated C policies compile against), found by walking up from the
/// executable's folder: `swift build` puts it at `.build/<triple>/<config>/dashost`, three levels
/// below the checkout, and an installed layout may sit up to five levels below.
public enum ShippedFiles {
    /// The first existing `relative` path in the folders above `executableFolder`, or nil.
    public static func path(_ relative: String, executableFolder: String? = PluginSearchPath.executableFolder()) -> String? {
        guard let executableFolder else { return nil }
        var dir = URL(fileURLWithPath: executableFolder)
        for _ in 0..<5 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }
}
