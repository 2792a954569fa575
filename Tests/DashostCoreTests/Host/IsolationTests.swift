@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// Process isolation and the sandbox, end to end through `dashost run`: every fault of the
/// fault-injection plugin (Tests/Fixtures/fake_plugins.c) ends in one error line naming the node
/// and the plugin, exit status 1 (never a signal), and the independent branch still writes its file.
final class IsolationTests: XCTestCase {
    /// A pipeline with a faulty branch (`bad`, the fake detector, or the fake policy behind an
    /// iforest) and an independent one (`good`, iforest) that writes good.csv.
    private func pipeline(in dir: String, faulty: String, options: String = "") throws -> String {
        let bad: String
        if faulty == "policy" {
            bad = #"""
             {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
             {"id": "bad", "type": "policy", "plugin": "fake_policy"\#(options), "inputs": {"detector": "det.model"}},
             {"id": "aug", "type": "augment", "inputs": {"normal": "data.train", "anomalies": "bad"}},
             {"id": "clf", "type": "classifier", "plugin": "random_forest", "inputs": {"fit": "aug", "score": "data.test"}},
             {"id": "write_bad", "type": "write", "path": "bad.csv", "inputs": {"bad": "clf"}},
            """#
        } else if faulty == "classifier" || faulty == "fusion" {
            let classifier = faulty == "classifier" ? "fake_classifier\"\(options)" : "random_forest\""
            let fusion = faulty == "fusion" ? "fake_fusion\"\(options)" : "robust_sum\""
            bad = #"""
             {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
             {"id": "pol", "type": "policy", "plugin": "gaussian_noise_policy", "inputs": {"detector": "det.model"}},
             {"id": "aug", "type": "augment", "inputs": {"normal": "data.train", "anomalies": "pol"}},
             {"id": "\#(faulty == "classifier" ? "bad" : "clf")", "type": "classifier", "plugin": "\#(classifier), "inputs": {"fit": "aug", "score": "data.test"}},
             {"id": "\#(faulty == "fusion" ? "bad" : "fuse")", "type": "fuse", "plugin": "\#(fusion),
              "inputs": {"detector": "det", "classifier": "\#(faulty == "classifier" ? "bad" : "clf")"}},
             {"id": "write_bad", "type": "write", "path": "bad.csv", "inputs": {"bad": "\#(faulty == "fusion" ? "bad" : "fuse")"}},
            """#
        } else {
            bad = #"""
             {"id": "bad", "type": "detector", "plugin": "fake_detector"\#(options), "inputs": {"fit": "data.train", "score": "data.test"}},
             {"id": "write_bad", "type": "write", "path": "bad.csv", "inputs": {"bad": "bad"}},
            """#
        }
        return try HostFixtures.write(#"""
            {"seed": 3, "nodes": [
             {"id": "data", "type": "source", "path": "\#(HostFixtures.cardio)"},
            \#(bad)
             {"id": "good", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
             {"id": "write_good", "type": "write", "path": "good.csv", "inputs": {"good": "good"}}
            ]}
            """#, to: "pipeline.json", in: dir)
    }

    /// Runs the pipeline with the fake library built with `define` and returns stderr, after
    /// checking the exit status, the independent branch's file and the absence of the faulty one's.
    private func runFault(_ define: String, faulty: String = "detector", options: String = "", flags: [String] = ["--isolate"],
                          trust: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try HostFixtures.requireBuiltPlugins()
        let dir = try HostFixtures.temporaryDirectory()
        let library = try HostFixtures.fakeLibrary([define])
        let entry = trust.map { #"{"library": "\#(library)", "trust": "\#($0)"}"# } ?? #""\#(library)""#
        let registry = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [\#(entry)]}"#, to: "fake.json", in: dir)
        let pipeline = try pipeline(in: dir, faulty: faulty, options: options)
        let result = try HostFixtures.dashost(["run", pipeline, "--out", dir, "--registry", registry] + flags)
        XCTAssertEqual(result.status, 1, "\(define): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/good.csv"), "\(define): the independent branch wrote nothing", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/bad.csv"), file: file, line: line)
        XCTAssertTrue(result.stderr.contains("not run, as they depend on a failed node: "), result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("the branches that completed wrote \(dir)/good.csv"), result.stderr, file: file, line: line)
        return result.stderr
    }

    private func assertContains(_ text: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        for fragment in fragments where !text.contains(fragment) {
            XCTFail("\"\(text)\" does not contain \"\(fragment)\"", file: file, line: line)
        }
    }

    func testACrashIsAnErrorNamingTheSignalTheNodeAndThePlugin() throws {
        assertContains(try runFault("BREAK_DETECTOR_SEGV"),
                       ["plugin 'fake_detector' in node 'bad' was killed by SIGSEGV", "during score"])
    }

    func testAPolicyCrashAfterItsScoreCallbackIsAnErrorNamingThePolicyNode() throws {
        assertContains(try runFault("BREAK_POLICY_SEGV", faulty: "policy"),
                       ["plugin 'fake_policy' in node 'bad' was killed by SIGSEGV", "during generate", "write_bad"])
    }

    func testExitAndUnderscoreExitInsideAPluginNeverEndTheRun() throws {
        assertContains(try runFault("BREAK_DETECTOR_EXIT"),
                       ["plugin 'fake_detector' in node 'bad' ended its process with exit status 70 during fit: the plugin called exit()"])
        assertContains(try runFault("BREAK_DETECTOR_EXIT_SCORE"),
                       ["plugin 'fake_detector' in node 'bad' ended its process with exit status 0 during score"])
    }

    func testAHangIsStoppedAtTheWallTimeLimit() throws {
        let started = Date()
        assertContains(try runFault("BREAK_DETECTOR_HANG", options: #", "timeout_seconds": 1.5"#),
                       ["plugin 'fake_detector' in node 'bad' did not finish fit within 1.5 s (its wall-time limit, option timeout_seconds) and was stopped"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    }

    func testRunawayMemoryStopsAtTheAddressSpaceLimit() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.addressSpaceLimit)
        assertContains(try runFault("BREAK_DETECTOR_HUGE", options: #", "memory_limit_mb": 512"#),
                       ["node 'bad': plugin 'fake_detector' fit failed (DASHOST_ERR_NO_MEMORY): out of memory after"])
    }

    func testWrongSizedAndNonFiniteResultsAreCaughtAtTheNode() throws {
        assertContains(try runFault("BREAK_DETECTOR_HALF"), ["plugin 'fake_detector' score returned OK but the score of row", "was not written"])
        assertContains(try runFault("BREAK_DETECTOR_NAN"), ["plugin 'fake_detector' score returned OK but", "is nan (must be finite)"])
    }

    func testAnAbortingClassifierIsAnErrorNamingTheSignal() throws {
        assertContains(try runFault("BREAK_CLASSIFIER_ABORT", faulty: "classifier"),
                       ["plugin 'fake_classifier' in node 'bad' was killed by SIGABRT", "during predict_proba"])
    }

    /// A policy writing one value past its output changes the guard after it in shared memory.
    func testAPolicyWritingPastItsOutputIsCaught() throws {
        assertContains(try runFault("BREAK_POLICY_OVERRUN", faulty: "policy"),
                       ["node 'bad': plugin 'fake_policy' generate returned OK but it wrote past the end of its output: value",
                        "was changed"])
    }

    func testBadClassifierFusionAndPolicyOutputsAreCaughtAtTheirNodes() throws {
        assertContains(try runFault("BREAK_CLASSIFIER_RANGE", faulty: "classifier"),
                       ["node 'bad': plugin 'fake_classifier' predict_proba returned OK but P(anomaly) of row 0 of", "is 1.5 (must be in [0, 1])"])
        assertContains(try runFault("BREAK_FUSION_NAN", faulty: "fusion"), ["node 'bad': plugin 'fake_fusion' fuse returned OK but", "nan"])
        assertContains(try runFault("BREAK_POLICY_NAN", faulty: "policy"),
                       ["node 'bad': plugin 'fake_policy' generate returned OK but synthetic row 12 of", "column 1, is nan (must be finite)"])
    }

    /// A slow plugin within its wall-time limit is not a fault: its run succeeds.
    func testASlowPluginWithinItsLimitCompletes() throws {
        try HostFixtures.requireBuiltPlugins()
        let dir = try HostFixtures.temporaryDirectory()
        let library = try HostFixtures.fakeLibrary(["BREAK_DETECTOR_SLOW"])
        let registry = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(library)"]}"#, to: "fake.json", in: dir)
        let pipeline = try pipeline(in: dir, faulty: "detector", options: #", "timeout_seconds": 30"#)
        let result = try HostFixtures.dashost(["run", pipeline, "--out", dir, "--registry", registry, "--isolate"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/bad.csv"))
    }

    func testTheSandboxRefusesASocketAndSaysWhichRule() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        assertContains(try runFault("BREAK_DETECTOR_SOCKET", flags: ["--sandbox"]),
                       ["plugin 'fake_detector' in node 'bad' was stopped by the sandbox during fit: socket(AF_INET): rule 'no network'"])
    }

    func testTheSandboxRefusesAWriteOutsideItsScratchFolderAndAllowsOneInside() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        let escape = "/tmp/dashost-sandbox-escape"
        try? FileManager.default.removeItem(atPath: escape)
        let stderr = try runFault("BREAK_DETECTOR_WRITE", flags: ["--sandbox"])
        // inside.txt (its working folder, the scratch folder) was written: the failure is the second file.
        assertContains(stderr, ["was stopped by the sandbox during fit: open('/tmp/dashost-sandbox-escape'): rule 'no writes outside the scratch folder"])
        XCTAssertFalse(stderr.contains("writing inside.txt"), stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: escape))
    }

    func testTheSandboxRefusesNewProcesses() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        assertContains(try runFault("BREAK_DETECTOR_FORK", flags: ["--sandbox"]),
                       ["was stopped by the sandbox during fit: fork/clone of a new process: rule 'no new processes'"])
    }

    func testAnUntrustedLibraryIsSandboxedWithoutBeingAsked() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        assertContains(try runFault("BREAK_DETECTOR_SOCKET", flags: [], trust: "untrusted"),
                       ["stopped by the sandbox during fit: socket(AF_INET): rule 'no network'"])
    }

    /// An untrusted library is opened only in sandboxed children: its constructor's write outside
    /// the scratch folder is refused there, and none of its code ever runs in the host.
    func testAnUntrustedLibrarysCodeNeverRunsInTheHost() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        let marker = "/tmp/dashost-constructor-ran"
        try? FileManager.default.removeItem(atPath: marker)
        assertContains(try runFault("BREAK_LIBRARY_CONSTRUCTOR", flags: [], trust: "untrusted"),
                       ["plugin 'fake_detector' in node 'bad' was stopped by the sandbox during create: open('/tmp/dashost-constructor-ran'): rule 'no writes outside the scratch folder"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), (try? String(contentsOfFile: marker, encoding: .utf8)) ?? "")
        // The listing describes it from a sandboxed child too.
        let dir = try HostFixtures.temporaryDirectory()
        let library = try HostFixtures.fakeLibrary(["BREAK_LIBRARY_CONSTRUCTOR"])
        let untrusted = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [{"library": "\#(library)", "trust": "untrusted"}]}"#,
                                               to: "u.json", in: dir)
        let listing = try HostFixtures.dashost(["plugins", "--registry", untrusted])
        XCTAssertEqual(listing.status, 0, listing.stdout + listing.stderr)
        XCTAssertTrue(listing.stdout.contains("fake_detector"), listing.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker))
        // Trusted, the same library is opened in the host (and its constructor runs): the control.
        let trusted = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(library)"]}"#, to: "t.json", in: dir)
        XCTAssertEqual(try HostFixtures.dashost(["plugins", "--registry", trusted]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker))
        try? FileManager.default.removeItem(atPath: marker)
    }

    func testANodeOptionAsksForIsolation() throws {
        assertContains(try runFault("BREAK_DETECTOR_SEGV", options: #", "isolation": "process""#, flags: []),
                       ["plugin 'fake_detector' in node 'bad' was killed by SIGSEGV"])
    }

    func testTrustMustBeTrustedOrUntrusted() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [{"library": "x.so", "trust": "maybe"}]}"#,
                                          to: "r.json", in: dir)
        HostFixtures.assertError(["libraries[0] ('x.so'): field 'trust' is 'maybe', expected trusted or untrusted"]) {
            _ = try Registry(files: [file], environment: [:])
        }
    }

    /// The scores `dashost enhance` writes with `flags`.
    private func enhancedScores(_ flags: [String]) throws -> String {
        let dir = try HostFixtures.temporaryDirectory()
        let result = try HostFixtures.dashost(["enhance", "--detector", "lof", "--data", HostFixtures.cardio, "--out", dir + "/s.csv"] + flags)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOfFile: dir + "/s.csv", encoding: .utf8)
    }

    /// Isolated runs give the in-process run's scores to the last bit (the matrices cross the
    /// boundary through shared memory, unchanged), for every kind of plugin node.
    func testIsolatedRunsGiveTheInProcessScoresBitForBit() throws {
        try HostFixtures.requireBuiltPlugins()
        let inProcess = try enhancedScores([])
        XCTAssertGreaterThan(inProcess.count, 1000)
        XCTAssertEqual(inProcess, try enhancedScores(["--isolate"]))
    }

    /// So do sandboxed runs.
    func testSandboxedRunsGiveTheInProcessScoresBitForBit() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        try HostFixtures.requireBuiltPlugins()
        let inProcess = try enhancedScores([])
        XCTAssertGreaterThan(inProcess.count, 1000)
        XCTAssertEqual(inProcess, try enhancedScores(["--sandbox"]))
    }

    /// The same through the library: a pipeline validated with process isolation runs each plugin
    /// node in a child, and the runner's result equals the in-process one.
    func testThePipelineRunnerIsolatesEveryPluginNode() throws {
        let registry = try HostFixtures.registry()
        let standard = StandardPipeline(detector: "pca", data: HostFixtures.cardio)
        let inProcess = try PipelineRunner().run(try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry))
        let validated = try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry, isolation: .process)
        XCTAssertTrue(validated.nodes.values.filter { $0.plugin != nil }.allSatisfy { $0.isolation.level == .process })
        let isolated = try PipelineRunner().run(validated)
        XCTAssertEqual(inProcess.metrics, isolated.metrics)
    }
}

/// Idle plugin servers are reused by the next instance of the same library and limits, never after
/// a failure, and never for the sandbox.
final class ServerPoolTests: XCTestCase {
    private func run(_ registry: Registry, detector: String, _ level: IsolationLevel) throws -> RunResult {
        let standard = StandardPipeline(detector: detector, data: HostFixtures.cardio)
        return try PipelineRunner().run(try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry, isolation: level))
    }

    func testASecondIsolatedRunReusesTheServersOfTheFirst() throws {
        let registry = try HostFixtures.registry()
        // (Only the metrics are kept: a run's values hold its instances, and with them their servers.)
        let first = try run(registry, detector: "ecod", .process).metrics
        let before = IsolationTestHooks.serversStarted
        let second = try run(registry, detector: "ecod", .process).metrics
        XCTAssertEqual(IsolationTestHooks.serversStarted, before, "the second run started new servers")
        XCTAssertEqual(first, second)
    }

    func testSandboxedServersAreNeverReused() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        let registry = try HostFixtures.registry()
        _ = try run(registry, detector: "ecod", .sandbox).metrics
        let before = IsolationTestHooks.serversStarted
        _ = try run(registry, detector: "ecod", .sandbox).metrics
        XCTAssertGreaterThanOrEqual(IsolationTestHooks.serversStarted, before + 4, "sandboxed servers must be fresh")
    }

    /// RLIMIT_CPU counts a process's whole life, so a server with a CPU-time limit is never reused.
    func testServersWithACPULimitOrASandboxAreNotReused() {
        XCTAssertTrue(IsolationTestHooks.serversAreReused(IsolationSettings(level: .process, timeoutSeconds: 5, memoryLimitMB: 512)))
        XCTAssertFalse(IsolationTestHooks.serversAreReused(IsolationSettings(level: .process, cpuSeconds: 60)))
        XCTAssertFalse(IsolationTestHooks.serversAreReused(IsolationSettings(level: .sandbox)))
    }

    func testAServerWhosePluginFailedIsNotReused() throws {
        let library = try HostFixtures.fakeLibrary(["BREAK_DETECTOR_NAN"])
        let dir = try HostFixtures.temporaryDirectory()
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(library)", "\#(HostFixtures.pluginDirectory)/libdashost_random_forest.so", "\#(HostFixtures.pluginDirectory)/libdashost_fusion.so"], "defaults": {"classifier": "random_forest", "fusion": "robust_sum"}}"#, to: "r.json", in: dir)
        let registry = try Registry(files: [file], environment: [:])
        // A NaN score is an output error: the server is healthy and reused.
        HostFixtures.assertError(["is nan"]) { _ = try run(registry, detector: "fake_detector", .process) }
        let before = IsolationTestHooks.serversStarted
        HostFixtures.assertError(["is nan"]) { _ = try run(registry, detector: "fake_detector", .process) }
        XCTAssertEqual(IsolationTestHooks.serversStarted, before)
        // A crash ends the server: the next run starts a new one.
        let segv = try HostFixtures.fakeLibrary(["BREAK_DETECTOR_SEGV"])
        let crashFile = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(segv)", "\#(HostFixtures.pluginDirectory)/libdashost_random_forest.so", "\#(HostFixtures.pluginDirectory)/libdashost_fusion.so"], "defaults": {"classifier": "random_forest", "fusion": "robust_sum"}}"#, to: "c.json", in: dir)
        let crashing = try Registry(files: [crashFile], environment: [:])
        HostFixtures.assertError(["was killed by SIGSEGV"]) { _ = try run(crashing, detector: "fake_detector", .process) }
        let afterCrash = IsolationTestHooks.serversStarted
        HostFixtures.assertError(["was killed by SIGSEGV"]) { _ = try run(crashing, detector: "fake_detector", .process) }
        XCTAssertEqual(IsolationTestHooks.serversStarted, afterCrash + 1, "only the crashed detector's server is new")
    }
}

/// A relative library path in a registry cannot lead out of its folder.
final class LibraryPathContainmentTests: XCTestCase {
    func testDotDotAndSymlinksOutOfTheRegistryFolderAreRefused() throws {
        let outside = try HostFixtures.temporaryDirectory(), dir = try HostFixtures.temporaryDirectory()
        let library = try HostFixtures.fakeLibrary()
        try FileManager.default.copyItem(atPath: library, toPath: outside + "/libevil.so")
        let sub = dir + "/plugins"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        XCTAssertEqual(symlink(outside + "/libevil.so", sub + "/liblink.so"), 0)
        let relativeUp = "../" + URL(fileURLWithPath: outside).lastPathComponent + "/libevil.so"
        for (name, fragment) in [(relativeUp, "outside \(dir)"), ("plugins/liblink.so", "leads to \(outside)/libevil.so, outside \(dir)")] {
            let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(name)"]}"#, to: "r.json", in: dir)
            HostFixtures.assertError([fragment, "a relative library path must stay inside its folder"]) {
                _ = try Registry(files: [file], environment: [:])
            }
        }
        // A bare name found through a symlink in a search folder is refused the same way.
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["liblink.so"]}"#, to: "r.json", in: sub)
        HostFixtures.assertError(["leads to \(outside)/libevil.so, outside \(sub)"]) { _ = try Registry(files: [file], environment: [:]) }
        // An absolute path is the user's explicit choice and loads.
        let absolute = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(outside)/libevil.so"]}"#, to: "a.json", in: dir)
        XCTAssertNoThrow(try Registry(files: [absolute], environment: [:]))
    }
}
