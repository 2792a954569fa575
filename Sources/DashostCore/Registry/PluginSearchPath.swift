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
    /// A relative name must stay inside the folder it is found in, symlinks resolved: `../x.so`, or a
    /// symlink in a plugin folder pointing elsewhere, is refused.
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
            return try contained(library, path, in: base ?? FileManager.default.currentDirectoryPath)
        }
        for dir in ([base].compactMap { $0 } + directories) {
            let path = URL(fileURLWithPath: dir, isDirectory: true).appendingPathComponent(library).path
            if FileManager.default.fileExists(atPath: path) { return try contained(library, path, in: dir) }
        }
        throw LoadError.fileNotFound(library: library, searched: directories)
    }

    /// `path` (found for the relative name `library` in `folder`) when its real path lies inside
    /// the folder's real path.
    private func contained(_ library: String, _ path: String, in folder: String) throws -> String {
        func real(_ p: String) -> String {
            guard let r = realpath(p, nil) else { return p }
            defer { free(r) }
            return String(cString: r)
        }
        let root = real(folder), resolved = real(path)
        guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw LoadError.outsideFolder(library: library, folder: root, resolved: resolved)
        }
        return path
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
