import DashostCore
import Foundation
import XCTest

/// Paths and builders the host tests share: the package root, the built plugins, the registry,
/// temporary folders, and small C plugins compiled on the fly to exercise the loader's error paths.
enum HostFixtures {
    /// The package root (three levels above this file).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Where the built plugin libraries are: `$DASHOST_PLUGIN_DIR`, else `.build/release`.
    static var pluginDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["DASHOST_PLUGIN_DIR"] { return dir }
        return packageRoot + "/.build/release"
    }

    /// The checkout's registry, with the built plugins on its search path.
    static func registry(file: String = packageRoot + "/registry.json") throws -> Registry {
        try requireBuiltPlugins()
        return try Registry(files: [file], extraPluginPaths: [pluginDirectory], environment: [:])
    }

    /// Fails the test with instructions when the plugins have not been built (never skips: a host
    /// test that did not run must not pass).
    static func requireBuiltPlugins() throws {
        guard FileManager.default.fileExists(atPath: pluginDirectory + "/libdashost_iforest.so") else {
            throw FixtureError("built plugins not found in \(pluginDirectory): run `swift build -c release` first (scripts/test does)")
        }
    }

    /// The bundled example data set.
    static let cardio = packageRoot + "/examples/data/cardio.npz"

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dashost-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `text` to `name` inside `dir` and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Compiles C source into a shared library with the system compiler and the SDK header.
    static func compilePlugin(_ source: String, name: String) throws -> String {
        let dir = try temporaryDirectory()
        let src = try write(source, to: "\(name).c", in: dir)
        let out = dir + "/lib\(name).so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-std=c99", "-shared", "-fPIC", "-I", packageRoot + "/plugin-sdk/include", "-o", out, src]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("cc failed to compile \(src)") }
        return out
    }

    /// The fake plugin library (`Tests/Fixtures/fake_plugins.c`: one plugin of each kind) compiled
    /// with `defines` (`-D` switches that break it on purpose, see the file), once per set of switches.
    static func fakeLibrary(_ defines: [String] = [], name: String? = nil) throws -> String {
        let key = defines.sorted().joined(separator: " ")
        fakeLock.lock()
        defer { fakeLock.unlock() }
        if let cached = fakeCache[key] { return cached }
        let dir = try temporaryDirectory()
        let out = dir + "/lib\(name ?? "fake").so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-std=c99", "-shared", "-fPIC", "-I", packageRoot + "/plugin-sdk/include"]
            + defines.map { "-D" + $0 } + ["-o", out, packageRoot + "/Tests/Fixtures/fake_plugins.c", "-lm"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("cc failed to compile fake_plugins.c with \(defines)") }
        fakeCache[key] = out
        return out
    }

    private static let fakeLock = NSLock()
    nonisolated(unsafe) private static var fakeCache: [String: String] = [:]

    /// A registry fragment listing `library` (and nothing else, no built-in plugins).
    static func fragment(for library: String, extra: String = "") throws -> Registry {
        let dir = try temporaryDirectory()
        let file = try write(#"{"format": "dashost-registry/2", "libraries": ["\#(library)"]\#(extra)}"#, to: "registry.json", in: dir)
        return try Registry(files: [file], environment: [:])
    }

    /// Runs the built `dashost` executable in the package root. Its data home is `dataHome`, by
    /// default a folder that does not exist, so policies a developer installed never enter a test.
    static func dashost(_ arguments: [String], dataHome: String = "/nonexistent/dashost-test-data-home",
                        environment extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let exe = pluginDirectory + "/dashost"
        guard FileManager.default.isExecutableFile(atPath: exe) else { throw FixtureError("\(exe) not built") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[UserDataHome.variable] = dataHome
        environment.merge(extra) { _, given in given }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// Asserts that `body` throws an error whose description contains every fragment.
    static func assertError(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected an error containing \(fragments)", file: file, line: line)
        } catch {
            let text = "\(error)"
            for fragment in fragments where !text.contains(fragment) {
                XCTFail("error \"\(text)\" does not contain \"\(fragment)\"", file: file, line: line)
            }
        }
    }
}

/// A test environment problem (plugins not built, no compiler), reported as a test failure.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
