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

    private let policyEntry = #"{"name": "p", "kind": "policy", "library": "libdashost_iforest_policy.so", "version": "1.0.0"}"#

    func testTheCheckoutRegistryPairsEveryDetectorWithItsPolicyAndEverythingLoads() throws {
        let registry = try HostFixtures.registry()
        let detectors = registry.entries.filter { $0.kind == .detector }
        XCTAssertEqual(Set(detectors.map(\.name)), ["iforest", "pca", "ocsvm", "ecod", "lof", "knn"])
        for detector in detectors {
            XCTAssertEqual(detector.policy, "\(detector.name)_policy")
            XCTAssertFalse(detector.description.isEmpty)
        }
        for entry in registry.entries {
            let library = try registry.load(entry.name)
            XCTAssertEqual(library.name, entry.name)
            XCTAssertEqual(library.kind, entry.kind)
        }
        XCTAssertEqual(registry.defaultClassifier, "random_forest")
        XCTAssertEqual(registry.defaultFusion, "robust_sum")
    }

    func testMissingFieldNamesEntryAndField() {
        HostFixtures.assertError(["plugins[0]", "'x'", "missing field 'library'"]) {
            _ = try registry(#"{"plugins": [{"name": "x", "kind": "policy", "version": "1"}]}"#)
        }
    }

    func testUnknownKind() {
        HostFixtures.assertError(["'x'", "field 'kind' is 'sorter'"]) {
            _ = try registry(#"{"plugins": [{"name": "x", "kind": "sorter", "library": "a.so", "version": "1"}]}"#)
        }
    }

    func testDuplicateNameInOneFile() {
        HostFixtures.assertError(["duplicate plugin name 'p'"]) { _ = try registry(#"{"plugins": [\#(policyEntry), \#(policyEntry)]}"#) }
    }

    func testDuplicateNameAcrossFilesNamesBoth() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let a = try HostFixtures.write(#"{"plugins": [\#(policyEntry)]}"#, to: "a.json", in: dir)
        let b = try HostFixtures.write(#"{"plugins": [\#(policyEntry)]}"#, to: "b.json", in: dir)
        HostFixtures.assertError(["'p'", "a.json", "b.json"]) { _ = try Registry(files: [a, b], environment: [:]) }
    }

    func testDetectorWithoutPolicyOrWithUnregisteredPolicy() {
        HostFixtures.assertError(["detector 'd'", "no field 'policy'"]) {
            _ = try registry(#"{"plugins": [{"name": "d", "kind": "detector", "library": "x.so", "version": "1", "description": "t"}]}"#)
        }
        HostFixtures.assertError(["detector 'd'", "names policy 'nope', which is not registered"]) {
            _ = try registry(#"{"plugins": [{"name": "d", "kind": "detector", "library": "x.so", "version": "1", "policy": "nope", "description": "t"}]}"#)
        }
    }

    func testStaleVersionIsAnError() throws {
        let r = try registry(#"{"plugins": [{"name": "iforest_policy", "kind": "policy", "library": "libdashost_iforest_policy.so", "version": "9.9.9"}]}"#)
        HostFixtures.assertError(["expects version 9.9.9", "is version 1.0.0"]) { _ = try r.load("iforest_policy") }
    }

    func testEntryPointingAtAnotherPluginIsAnError() throws {
        let r = try registry(#"{"plugins": [\#(policyEntry)]}"#)
        HostFixtures.assertError(["entry 'p'", "which is the plugin 'iforest_policy'"]) { _ = try r.load("p") }
    }

    func testUnknownNameListsCandidates() throws {
        let r = try HostFixtures.registry()
        HostFixtures.assertError(["no plugin named 'isolation'", "iforest", "pca"]) { _ = try r.entry("isolation", kind: .detector) }
    }

    func testLibraryNotFoundListsSearchedDirectories() throws {
        let r = try registry(#"{"plugins": [{"name": "p", "kind": "policy", "library": "libmissing.so", "version": "1"}]}"#)
        HostFixtures.assertError(["'libmissing.so' not found", HostFixtures.pluginDirectory]) { _ = try r.load("p") }
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
