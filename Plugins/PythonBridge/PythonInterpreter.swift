import DashostPluginKit
import Foundation

/// Which Python runs a policy: the `python` param, else `$DASHOST_PYTHON`, else `/usr/bin/python3`
/// when it exists, else `python3` on `$PATH`. A name without a slash is looked up on `$PATH`; the
/// result is an absolute path (the sandbox's execve does not search).
enum PythonInterpreter {
    /// How to get an interpreter with the packages policies use, for messages.
    static let installHint = "install python3-numpy python3-scipy python3-sklearn (Debian/Ubuntu: apt-get install python3-numpy python3-scipy python3-sklearn), or set DASHOST_PYTHON or the 'python' param to a Python that has NumPy, SciPy and scikit-learn"

    /// The interpreter's absolute path, or an error saying what was looked for and how to fix it.
    static func resolve(param: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if !param.isEmpty {
            guard let path = locate(param, environment) else {
                throw PluginError.badParams("python_policy: the 'python' param names '\(param)', which is not an executable file (or not on PATH): name a Python 3 with NumPy, SciPy and scikit-learn, or leave it empty for $DASHOST_PYTHON or /usr/bin/python3")
            }
            return path
        }
        if let chosen = environment["DASHOST_PYTHON"], !chosen.isEmpty {
            guard let path = locate(chosen, environment) else {
                throw PluginError.internalError("python_policy: DASHOST_PYTHON names '\(chosen)', which is not an executable file (or not on PATH): point it to a Python 3 with NumPy, SciPy and scikit-learn, or unset it")
            }
            return path
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return "/usr/bin/python3" }
        if let path = locate("python3", environment) { return path }
        throw PluginError.internalError("python_policy: no Python interpreter found (neither /usr/bin/python3 nor python3 on PATH): \(installHint)")
    }

    /// An executable file named by `name` (a path, or a command looked up on `PATH`), made absolute.
    private static func locate(_ name: String, _ environment: [String: String]) -> String? {
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : FileManager.default.currentDirectoryPath + "/" + name
            return isExecutable(path) ? path : nil
        }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") where dir.hasPrefix("/") {
            let path = "\(dir)/\(name)"
            if isExecutable(path) { return path }
        }
        return nil
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
