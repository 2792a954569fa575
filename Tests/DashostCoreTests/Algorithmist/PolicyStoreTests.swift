import DashostCore
import Foundation
import XCTest

/// Installed policies: numbered folders, the user-level registry, pairings, names per folder.
final class PolicyStoreTests: XCTestCase {
    func testDataHomeFollowsTheEnvironment() {
        XCTAssertEqual(UserDataHome.folder(environment: ["DASHOST_DATA_HOME": "/d", "HOME": "/h"]), "/d")
        XCTAssertEqual(UserDataHome.folder(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]), "/x/dashost")
        XCTAssertEqual(UserDataHome.folder(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]), "/h/.local/share/dashost")
        XCTAssertNil(UserDataHome.folder(environment: [:]))
    }

    func testFoldersAreNumberedAndNamesCarryTheFoldersTag() throws {
        let home = try HostFixtures.temporaryDirectory() + "/GPT-4o runs"
        let store = PolicyStore(home: home)
        XCTAssertEqual(store.tag, "gpt-4o_runs")
        let first = try store.reserveFolder(detector: "lof"), second = try store.reserveFolder(detector: "lof")
        XCTAssertEqual([first.number, second.number], [1, 2])
        XCTAssertEqual(first.path, home + "/policies/lof/1")
        XCTAssertEqual(store.name(detector: "lof", number: 2), "lof_gpt-4o_runs_2")
        XCTAssertEqual(PolicyStore(home: home, tag: "policy").name(detector: "knn", number: 3), "knn_policy_3")
    }

    func testTheUserRegistryListsEveryPolicyAndPairsTheLatest() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)  // its policies are untrusted: opened only by a sandboxed scanner
        try HostFixtures.requireBuiltPlugins()
        let home = try HostFixtures.temporaryDirectory()
        let store = PolicyStore(home: home, tag: "policy")
        var names: [String] = []
        for _ in 0..<2 {
            let (number, folder) = try store.reserveFolder(detector: "knn")
            let name = store.name(detector: "knn", number: number)
            try CPolicyBuilder(includeFolder: HostFixtures.packageRoot + "/plugin-sdk/include")
                .build(source: PolicyPrograms.goodC, identity: PolicyIdentity(name: name, summary: "s", description: ""),
                       library: folder + "/" + PolicyStore.File.library)
            try store.register(name: name, detector: "knn", language: .c, folder: folder, pair: true)
            names.append(name)
        }
        let registry = try Registry(files: [HostFixtures.packageRoot + "/registry.json", store.registryPath],
                                    extraPluginPaths: [HostFixtures.pluginDirectory], environment: [:])
        XCTAssertEqual(try registry.policy(forDetector: "knn"), names[1])
        XCTAssertEqual(try registry.entry(names[0], kind: .policy).trust, .sandbox, "the earlier policy stays selectable, sandboxed")
        // The located registry merges the user-level fragment after the built-in one.
        let exe = HostFixtures.pluginDirectory
        XCTAssertEqual(try RegistryLocator.locate(explicit: [], environment: [UserDataHome.variable: home], workingDirectory: home,
                                                  executableFolder: exe),
                       [HostFixtures.packageRoot + "/registry.json", store.registryPath])
        XCTAssertEqual(try RegistryLocator.locate(explicit: ["/a.json"], environment: [UserDataHome.variable: home], workingDirectory: home,
                                                  executableFolder: exe),
                       [HostFixtures.packageRoot + "/registry.json", store.registryPath, "/a.json"])
        XCTAssertEqual(try RegistryLocator.locate(explicit: ["/a.json"], includeBuiltin: false, environment: [UserDataHome.variable: home],
                                                  workingDirectory: home, executableFolder: exe), ["/a.json"])
    }

    func testAPinnedLibraryThatChangedIsRefused() throws {
        try HostFixtures.requireBuiltPlugins()
        let home = try HostFixtures.temporaryDirectory()
        let store = PolicyStore(home: home, tag: "policy")
        let (_, folder) = try store.reserveFolder(detector: "knn")
        let library = folder + "/" + PolicyStore.File.library
        try CPolicyBuilder(includeFolder: HostFixtures.packageRoot + "/plugin-sdk/include")
            .build(source: PolicyPrograms.goodC, identity: PolicyIdentity(name: "knn_policy_1", summary: "s", description: ""), library: library)
        try store.register(name: "knn_policy_1", detector: "knn", language: .c, folder: folder, pair: true)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: library))
        handle.seekToEndOfFile()
        handle.write(Data([0]))
        handle.closeFile()
        HostFixtures.assertError(["does not match its sha256 pin"]) {
            _ = try Registry(files: [HostFixtures.packageRoot + "/registry.json", store.registryPath],
                             extraPluginPaths: [HostFixtures.pluginDirectory], environment: [:])
        }
    }
}
