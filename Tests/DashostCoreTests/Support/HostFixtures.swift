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

    /// A C detector plugin whose descriptor fields can be varied, for loader error tests.
    static func fakeDetector(name: String = "fake", abiMajor: String = "DASHOST_ABI_MAJOR",
                             kind: String = "DASHOST_KIND_DETECTOR", fitFunction: String = "fake_fit",
                             exportEntry: Bool = true) -> String {
        """
        #include "dashost_plugin.h"
        static dashost_status fake_create(const char *p, uint64_t s, dashost_instance **out, dashost_error *e) {
            (void)p; (void)s; (void)e; *out = (void *)1; return DASHOST_OK; }
        static dashost_status fake_fit(dashost_instance *i, dashost_matrix X, dashost_error *e) { (void)i; (void)X; (void)e; return DASHOST_OK; }
        static dashost_status fake_score(dashost_instance *i, dashost_matrix X, double *o, dashost_error *e) {
            (void)i; (void)e; for (uint64_t r = 0; r < X.rows; r++) o[r] = 0; return DASHOST_OK; }
        static void fake_destroy(dashost_instance *i) { (void)i; }
        static const dashost_detector_api api = { sizeof(dashost_detector_api), fake_create, \(fitFunction == "NULL" ? "NULL" : "fake_fit"), fake_score, fake_destroy, NULL, {NULL} };
        static const dashost_plugin_descriptor d = { \(abiMajor), 0, "\(name)", "1.0.0", "fake", \(kind), &api, "{}", {NULL} };
        \(exportEntry ? "DASHOST_EXPORT const dashost_plugin_descriptor *dashost_plugin_entry(void) { return &d; }"
                      : "DASHOST_EXPORT const dashost_plugin_descriptor *some_other_symbol(void) { return &d; }")
        """
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
