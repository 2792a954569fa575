import DashostCore
import Foundation
import XCTest

/// One candidate program through the workbench: built, registered in its folder, vetted, installed.
final class PolicyWorkbenchTests: XCTestCase {
    private func workbench(detector: String = "knn", vetting: PolicyVettingOptions = .init()) throws -> (PolicyWorkbench, PolicyStore) {
        try HostFixtures.requireBuiltPlugins()
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)  // vetting sandboxes the policy
        let store = PolicyStore(home: try HostFixtures.temporaryDirectory(), tag: "policy")
        return (PolicyWorkbench(store: store, registryFiles: [HostFixtures.packageRoot + "/registry.json"],
                                extraPluginPaths: [HostFixtures.pluginDirectory], detector: detector, vetting: vetting), store)
    }

    func testAGoodCProgramIsVettedInstalledAndPaired() throws {
        let (bench, store) = try workbench()
        let slot = try bench.reserve(summary: "test policy", description: "borderline seeds, half-spread steps")
        let report = try bench.attempt(source: PolicyPrograms.goodC, language: .c, slot: slot)
        XCTAssertTrue(report.passed, report.failureMessage)
        for file in [PolicyStore.File.cSource, PolicyStore.File.library, PolicyStore.File.vetting, PolicyStore.File.fragment] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: slot.folder + "/" + file), file)
        }
        try bench.install(slot: slot, language: .c, provenance: PolicyProvenance(detector: "knn", name: slot.identity.name, language: .c,
                                                                                 origin: .reply, paired: true))
        let registry = try Registry(files: [HostFixtures.packageRoot + "/registry.json", store.registryPath],
                                    extraPluginPaths: [HostFixtures.pluginDirectory], environment: [:])
        XCTAssertEqual(try registry.policy(forDetector: "knn"), "knn_policy_1")
        XCTAssertEqual(PolicyStore.provenance(folder: slot.folder)?.origin, .reply)
    }

    func testACompilerErrorAndACrashAreRejectionsWithTheirMessages() throws {
        let (bench, _) = try workbench()
        let slot = try bench.reserve(summary: "s", description: "")
        HostFixtures.assertError(["the C compiler rejected the program", "undeclared_helper"]) {
            _ = try bench.attempt(source: PolicyPrograms.brokenC, language: .c, slot: slot)
        }
        do {
            _ = try bench.attempt(source: PolicyPrograms.crashingC, language: .c, slot: slot)
            XCTFail("a crashing policy passed")
        } catch let rejection as PolicyWorkbench.Rejection {
            XCTAssertTrue(rejection.description.contains("SIGSEGV"), rejection.description)
            XCTAssertEqual(rejection.report?.checks.first { !$0.passed }?.name, "runs")
        }
        HostFixtures.assertError(["shape_and_finite", "not finite"]) {
            _ = try bench.attempt(source: PolicyPrograms.nanC, language: .c, slot: slot)
        }
        bench.discard(slot)
        XCTAssertFalse(FileManager.default.fileExists(atPath: slot.folder))
    }

    func testAPythonProgramMustDefineTheFunction() throws {
        let (bench, _) = try workbench()
        let slot = try bench.reserve(summary: "s", description: "")
        HostFixtures.assertError(["def generate_hard_anomalies(n_samples, model, X_train):"]) {
            _ = try bench.attempt(source: "def generate(n, model, X):\n    return X\n", language: .python, slot: slot)
        }
    }

    func testEveryMisbehaviourIsARejectionWithTheMessageTheUserSees() throws {
        let (bench, _) = try workbench(vetting: PolicyVettingOptions(wallSeconds: 3, memoryMB: 1024))
        try? FileManager.default.removeItem(atPath: "/tmp/dashost-policy-escape.txt")
        for bad in PolicyPrograms.badC {
            let slot = try bench.reserve(summary: "s", description: "")
            do {
                _ = try bench.attempt(source: bad.source, language: .c, slot: slot)
                XCTFail("a policy that \(bad.what) passed")
            } catch let rejection as PolicyWorkbench.Rejection {
                XCTAssertTrue(rejection.description.contains(bad.message), "\(bad.what): \(rejection.description)")
            }
            bench.discard(slot)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/dashost-policy-escape.txt"), "the sandbox let a write out")
    }
}
