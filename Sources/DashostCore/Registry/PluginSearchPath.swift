import Foundation

/// Where plugin libraries named by a bare file name are looked for, in order:
/// 1. the registry files' own folders, 2. each `--plugin-path` directory, 3. each `DASHOST_PLUGIN_PATH`
/// directory (colon-separated), 4. the folder of the running `dashost` executable (where the
/// package build puts the built-in plugins).
public struct PluginSearchPath: Sendable {
    /// The directories, in search order, without duplicates.
    public let directories: [String]

    /// Builds the search path for a registry file.
    public init(registryFolders: [String], extra: [String] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment,
                executableFolder: String? = PluginSearchPath.executableFolder()) {
        var dirs: [String] = []
        dirs += registryFolders
        dirs += extra.flatMap { $0.split(separator: ":").map(String.init) }
        if let env = environment["DASHOST_PLUGIN_PATH"] { dirs += env.split(separator: ":").map(String.init) }
        if let executableFolder { dirs.append(executableFolder) }
        var seen = Set<String>()
        directories = dirs.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Finds `library`: an absolute path is taken as is, a path with a slash relative to `base` (the
    /// declaring registry's folder); a bare file name is searched in `base`, then in `directories`.
    public func resolve(_ library: String, relativeTo base: String?) throws -> String {
        if library.hasPrefix("/") {
            guard FileManager.default.fileExists(atPath: library) else {
                throw LoadError.fileNotFound(library: library, searched: [])
            }
            return library
        }
        if library.contains("/") {
            let path = URL(fileURLWithPath: library, relativeTo: base.map { URL(fileURLWithPath: $0, isDirectory: true) }).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw LoadError.fileNotFound(library: library, searched: [base ?? FileManager.default.currentDirectoryPath])
            }
            return path
        }
        for dir in ([base].compactMap { $0 } + directories) {
            let path = URL(fileURLWithPath: dir, isDirectory: true).appendingPathComponent(library).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw LoadError.fileNotFound(library: library, searched: directories)
    }

    /// The folder of the running executable, if it can be determined.
    public static func executableFolder() -> String? {
        executablePath().map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    }

    /// The running executable's path, if it can be determined.
    public static func executablePath() -> String? {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return exe }
        return Bundle.main.executableURL?.path
    }
}
