import DashostCore
import Foundation
import XCTest

/// registry.json parsing, validation and plugin resolution.
final class RegistryTests: XCTestCase {
    private func registry(_ json: String) throws -> Registry {
        let dir = try HostFixtures.temporaryDirectory()
        let file = try HostFixtures.write(json, to: "registry.json", in: dir)
        return try Registry(files: [file], extraPluginPaths: [HostFixtures.pluginDirectory], environment: [:])
    }

    private func fragment(_ body: String) throws -> Registry {
        try registry(#"{"format": "dashost-registry/2", \#(body)}"#)
    }

    func testTheCheckoutRegistryPairsEveryDetectorWithItsPolicyAndEverythingLoads() throws {
        let registry = try HostFixtures.registry()
        let detectors = registry.entries.filter { $0.kind == .detector }
        XCTAssertEqual(Set(detectors.map(\.name)), ["iforest", "pca", "ocsvm", "ecod", "lof", "knn", "drl"])
        // OCSVM and LOF are enhanced with the generic policy that beat their own (docs/results.md, issue 19).
        let generic = ["ocsvm": "gaussian_noise_policy", "lof": "uniform_policy"]
        // DRL has no detector-aware policy yet: its binary pairs it with the generic Gaussian noise.
        let withoutOwnPolicy = ["drl": "gaussian_noise_policy"]
        for detector in detectors {
            XCTAssertGreaterThan(detector.description.count, 200, "\(detector.name): the LLM step reads this")
            XCTAssertEqual(detector.description, detector.plugin.description)
            if let policy = withoutOwnPolicy[detector.name] {
                XCTAssertEqual(detector.policy, policy)
                XCTAssertEqual(detector.plugin.defaultPolicy, policy)
                continue
            }
            XCTAssertEqual(detector.policy, generic[detector.name] ?? "\(detector.name)_policy")
            XCTAssertEqual(detector.plugin.defaultPolicy, "\(detector.name)_policy", "the binary pairs each detector with its own")
            // A detector and its own policy ship in one library.
            XCTAssertEqual(try registry.entry(detector.plugin.defaultPolicy!).library, detector.library)
        }
        XCTAssertTrue(registry.problems.isEmpty, "\(registry.problems)")
        XCTAssertEqual(registry.defaultClassifier, "random_forest")
        XCTAssertEqual(registry.defaultFusion, "robust_sum")
        XCTAssertEqual(try registry.entry("lof_policy").params, #"{"background_share":0.2}"#)
        XCTAssertEqual(try registry.entry("pca_policy").params, #"{"background_share":0.2,"borderline_quantile":0,"rotation_share":1}"#)
    }

    func testIdentityComesFromTheBinary() throws {
        let r = try HostFixtures.fragment(for: try HostFixtures.fakeLibrary())
        XCTAssertEqual(r.entries.map(\.name), ["fake_detector", "fake_policy", "fake_classifier", "fake_fusion"])
        XCTAssertEqual(try r.entry("fake_detector").version, "2.0.0")
        XCTAssertEqual(try r.policy(forDetector: "fake_detector"), "fake_policy")
        XCTAssertNil(r.defaultFusion, "no file sets defaults")
        HostFixtures.assertError(["no default fusion", "defaults.fusion"]) { _ = try r.requireDefault(.fusion) }
    }

    func testFormatAndFieldErrorsNameTheFileAndEntry() {
        HostFixtures.assertError(["registry.json", "'format' is \"dashost-registry/1\"", "list the libraries"]) {
            _ = try registry(#"{"format": "dashost-registry/1", "plugins": []}"#)
        }
        HostFixtures.assertError(["registry.json", "missing array field 'libraries'"]) { _ = try fragment(#""plugins": {}"#) }
        HostFixtures.assertError(["libraries[0]", "unknown field 'sha'"]) { _ = try fragment(#""libraries": [{"library": "a.so", "sha": "x"}]"#) }
        HostFixtures.assertError(["libraries[0] ('a.so')", "64 hexadecimal digits"]) {
            _ = try fragment(#""libraries": [{"library": "a.so", "sha256": "abc"}]"#)
        }
        HostFixtures.assertError(["plugins.lof", "unknown field 'parms'"]) { _ = try fragment(#""libraries": [], "plugins": {"lof": {"parms": {}}}"#) }
        HostFixtures.assertError(["presets[0] ('x')", "missing field 'plugin'"]) { _ = try fragment(#""libraries": [], "presets": [{"name": "x"}]"#) }
    }

    func testLibraryNotFoundListsSearchedDirectories() {
        HostFixtures.assertError(["libraries[0] ('libmissing.so')", "'libmissing.so' not found", HostFixtures.pluginDirectory]) {
            _ = try fragment(#""libraries": ["libmissing.so"]"#)
        }
    }

    func testAPluginNameDeclaredByTwoLibrariesNamesBoth() throws {
        let a = try HostFixtures.fakeLibrary([], name: "fake")
        let b = try HostFixtures.fakeLibrary(["FAKE_COPY"], name: "fakecopy")
        HostFixtures.assertError(["plugin name 'fake_detector'", "libraries[0] ('\(a)')", "libraries[1] ('\(b)')"]) {
            _ = try fragment(#""libraries": ["\#(a)", "\#(b)"]"#)
        }
    }

    func testOverridesPairAndParamsAreCheckedAgainstTheSchema() throws {
        let lib = try HostFixtures.fakeLibrary()
        let r = try fragment(#""libraries": ["\#(lib)"], "plugins": {"fake_detector": {"params": {"exponent": 3}, "description": "mine"}}"#)
        XCTAssertEqual(try r.entry("fake_detector").params, #"{"exponent":3}"#)
        XCTAssertEqual(try r.entry("fake_detector").description, "mine")
        HostFixtures.assertError(["'fake_detector'", "registry params {\"exponent\":9}", "out of range"]) {
            _ = try fragment(#""libraries": ["\#(lib)"], "plugins": {"fake_detector": {"params": {"exponent": 9}}}"#)
        }
        HostFixtures.assertError(["plugins.nope", "no plugin named 'nope'"]) {
            _ = try fragment(#""libraries": ["\#(lib)"], "plugins": {"nope": {"params": {}}}"#)
        }
        HostFixtures.assertError(["'fake_detector'", "policy 'fake_fusion' is a fusion, not a policy"]) {
            _ = try fragment(#""libraries": ["\#(lib)"], "plugins": {"fake_detector": {"policy": "fake_fusion"}}"#)
        }
        HostFixtures.assertError(["plugins.fake_fusion", "'policy' is only for detectors"]) {
            _ = try fragment(#""libraries": ["\#(lib)"], "plugins": {"fake_fusion": {"policy": "fake_policy"}}"#)
        }
    }

    func testAPresetIsANewNameWithFixedParams() throws {
        let lib = try HostFixtures.fakeLibrary()
        let r = try fragment(#""libraries": ["\#(lib)"], "presets": [{"name": "cubed", "plugin": "fake_detector", "params": {"exponent": 3}}]"#)
        let preset = try r.entry("cubed", kind: .detector)
        XCTAssertEqual(preset.preset, "fake_detector")
        XCTAssertEqual(preset.params, #"{"exponent":3}"#)
        XCTAssertEqual(preset.policy, "fake_policy")
        HostFixtures.assertError(["presets[0] ('fake_policy')", "already declared"]) {
            _ = try fragment(#""libraries": ["\#(lib)"], "presets": [{"name": "fake_policy", "plugin": "fake_detector"}]"#)
        }
    }

    func testASha256PinIsVerified() throws {
        let lib = try HostFixtures.fakeLibrary()
        let digest = try XCTUnwrap(shellSha256(lib))
        XCTAssertNoThrow(try fragment(#""libraries": [{"library": "\#(lib)", "sha256": "\#(digest)"}]"#))
        let wrong = String(repeating: "0", count: 64)
        HostFixtures.assertError(["does not match its sha256 pin", digest, wrong]) {
            _ = try fragment(#""libraries": [{"library": "\#(lib)", "sha256": "\#(wrong)"}]"#)
        }
    }

    func testNonStrictRegistryCollectsProblemsAndKeepsTheRest() throws {
        let lib = try HostFixtures.fakeLibrary()
        let dir = try HostFixtures.temporaryDirectory()
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(lib)", "libmissing.so"]}"#, to: "r.json", in: dir)
        let r = try Registry(files: [file], environment: [:], strict: false)
        XCTAssertEqual(r.entries.count, 4)
        XCTAssertEqual(r.problems.count, 1)
        XCTAssertTrue(r.problems[0].contains("libmissing.so"), r.problems[0])
    }

    /// The file's SHA-256 by coreutils, an independent implementation.
    private func shellSha256(_ path: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init)
    }

    func testUnknownNameListsCandidates() throws {
        let r = try HostFixtures.registry()
        HostFixtures.assertError(["no plugin named 'isolation'", "iforest", "pca"]) { _ = try r.entry("isolation", kind: .detector) }
    }

    func testSearchPathOrder() {
        let path = PluginSearchPath(registryFolders: ["/r"], extra: ["/a:/b"], environment: ["DASHOST_PLUGIN_PATH": "/e1:/e2"],
                                    executableFolder: "/x")
        XCTAssertEqual(path.directories, ["/r", "/a", "/b", "/e1", "/e2", "/x"])
    }

    func testLocatorPrefersExplicitThenEnvironment() throws {
        XCTAssertEqual(try RegistryLocator.locate(explicit: ["/a.json", "/b.json"], includeBuiltin: false,
                                                  environment: ["DASHOST_REGISTRY": "/e.json"]),
                       ["/a.json", "/b.json"])
        XCTAssertEqual(try RegistryLocator.locate(explicit: [], includeBuiltin: false, environment: ["DASHOST_REGISTRY": "/e.json:/f.json"]),
                       ["/e.json", "/f.json"])
    }

    /// A checkout with its registry.json and an executable folder three levels below it.
    private func checkout() throws -> (root: String, registry: String, executableFolder: String) {
        let root = try HostFixtures.temporaryDirectory()
        let registry = try HostFixtures.write(#"{"plugins": []}"#, to: "registry.json", in: root)
        let exe = root + "/.build/x86_64-unknown-linux-gnu/debug"
        try FileManager.default.createDirectory(atPath: exe, withIntermediateDirectories: true)
        return (root, registry, exe)
    }

    func testLocatorMergesFragmentsOntoTheBuiltInRegistry() throws {
        let c = try checkout()
        let elsewhere = try HostFixtures.temporaryDirectory()
        XCTAssertEqual(RegistryLocator.builtinRegistry(executableFolder: c.executableFolder), c.registry)
        XCTAssertEqual(try RegistryLocator.locate(explicit: ["/a.json", "/b.json"], environment: ["DASHOST_REGISTRY": "/e.json"],
                                                  workingDirectory: elsewhere, executableFolder: c.executableFolder),
                       [c.registry, "/a.json", "/b.json"])
        XCTAssertEqual(try RegistryLocator.locate(explicit: [], environment: ["DASHOST_REGISTRY": "/e.json"],
                                                  workingDirectory: elsewhere, executableFolder: c.executableFolder),
                       [c.registry, "/e.json"])
        // The built-in file given again (relative to the working directory) is not merged twice.
        XCTAssertEqual(try RegistryLocator.locate(explicit: ["registry.json", "/a.json"], environment: [:],
                                                  workingDirectory: c.root, executableFolder: c.executableFolder),
                       [c.registry, "/a.json"])
    }

    func testLocatorWithoutFragments() throws {
        let c = try checkout()
        let elsewhere = try HostFixtures.temporaryDirectory()
        // Nothing given: the built-in registry, or ./registry.json where there is one.
        XCTAssertEqual(try RegistryLocator.locate(explicit: [], environment: [:], workingDirectory: elsewhere,
                                                  executableFolder: c.executableFolder), [c.registry])
        let local = try HostFixtures.write(#"{"plugins": []}"#, to: "registry.json", in: elsewhere)
        XCTAssertEqual(try RegistryLocator.locate(explicit: [], environment: [:], workingDirectory: elsewhere,
                                                  executableFolder: c.executableFolder), [local])
        // Without the built-in registry, a fragment is required.
        HostFixtures.assertError(["no registry", "--registry"]) {
            _ = try RegistryLocator.locate(explicit: [], includeBuiltin: false, environment: [:], workingDirectory: elsewhere,
                                           executableFolder: c.executableFolder)
        }
        // No built-in registry found: the fragments alone.
        XCTAssertEqual(try RegistryLocator.locate(explicit: ["/a.json"], environment: [:], workingDirectory: elsewhere,
                                                  executableFolder: nil), ["/a.json"])
    }
}
