import Foundation

/// Finds the registry files. The built-in registry is the `registry.json` of the checkout the
/// executable was built in (searched upward from the executable's folder). Registry fragments are the
/// explicit files (`--registry`, repeatable), else `$DASHOST_REGISTRY` (colon-separated); they are
/// merged onto the built-in registry, which comes first, unless `includeBuiltin` is false. With no
/// fragment, `./registry.json` is used if it exists, else the built-in registry. The user-level
/// fragment of installed policies (`UserDataHome`), when there is one, is merged right after that
/// base, so explicit fragments still override it; `--no-builtin` leaves it out too.
public enum RegistryLocator {
    /// The registry paths to use, in merge order (the built-in one first), then `appending` (fragments
    /// a command brings itself, such as a `bench` run's `generated:` folders). A file named twice (the
    /// built-in registry also given with `--registry`, say) is kept once, at its first place.
    public static func locate(explicit: [String], includeBuiltin: Bool = true, appending: [String] = [],
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: String = FileManager.default.currentDirectoryPath,
                              executableFolder: String? = PluginSearchPath.executableFolder()) throws -> [String] {
        var fragments = explicit
        if fragments.isEmpty, let env = environment["DASHOST_REGISTRY"] {
            fragments = env.split(separator: ":").map(String.init)
        }
        let files: [String]
        if !includeBuiltin {
            guard !fragments.isEmpty else {
                throw RegistryError("no registry: without the built-in registry, pass --registry FILE or set DASHOST_REGISTRY")
            }
            files = fragments
        } else {
            let builtin = builtinRegistry(executableFolder: executableFolder)
            let user = UserDataHome.registry(environment: environment).map { [$0] } ?? []
            if !fragments.isEmpty {
                files = (builtin.map { [$0] } ?? []) + user + fragments
            } else {
                let local = URL(fileURLWithPath: workingDirectory).appendingPathComponent("registry.json").path
                // (Run inside the data home, ./registry.json is the user-level fragment, not a base.)
                let userPaths = Set(user.map { canonical($0, workingDirectory: workingDirectory) })
                if FileManager.default.fileExists(atPath: local), !userPaths.contains(canonical(local, workingDirectory: workingDirectory)) {
                    files = [local] + user
                } else if let builtin {
                    files = [builtin] + user
                } else {
                    throw RegistryError("no registry: pass --registry FILE, set DASHOST_REGISTRY, or run where registry.json is")
                }
            }
        }
        return unique(files + appending, workingDirectory: workingDirectory)
    }

    /// The built-in registry: the first `registry.json` in the folders above the executable's
    /// (up to five levels: `.build/<triple>/<config>/dashost` lies three below the checkout), or nil.
    public static func builtinRegistry(executableFolder: String? = PluginSearchPath.executableFolder()) -> String? {
        ShippedFiles.path("registry.json", executableFolder: executableFolder)
    }

    /// `file` as an absolute path (relative ones from `workingDirectory`) with symbolic links resolved.
    private static func canonical(_ file: String, workingDirectory: String) -> String {
        let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : URL(fileURLWithPath: workingDirectory).appendingPathComponent(file)
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// `files` without the later mentions of a file already listed (compared as `canonical` paths),
    /// the first spelling kept.
    private static func unique(_ files: [String], workingDirectory: String) -> [String] {
        var seen = Set<String>()
        return files.filter { seen.insert(canonical($0, workingDirectory: workingDirectory)).inserted }
    }
}
