import DashostCore
import XCTest

/// `dashost check` over every built-in plugin, and over a plugin library broken on purpose in each
/// kind: crashes, aborts and overruns become FAIL lines (the check process survives), a non-finite
/// output fails one check and skips those that need it, a policy must report a failed callback.
final class ConformanceTests: XCTestCase {
    /// Params the checks need for a plugin that cannot generate with its defaults: python_policy runs
    /// the bundled example policy (its `script` default is empty, and generate refuses that).
    static let checkParams = [
        "python_policy": #"{"script": "\#(HostFixtures.packageRoot)/plugin-sdk/examples/python-policy/knn_borderline.py"}"#,
    ]

    func testEveryBuiltInPluginPassesItsKindsChecks() throws {
        let registry = try HostFixtures.registry()
        for entry in registry.entries where entry.preset == nil {
            // python_policy's Python child runs sandboxed, which a sanitizer runtime cannot (SanitizerRun.sandbox).
            if SanitizerRun.sanitizer != nil && entry.name == "python_policy" { continue }
            let results = try ConformanceSuite.run(plugin: entry.plugin, params: Self.checkParams[entry.name] ?? "{}")
            XCTAssertGreaterThanOrEqual(results.count, 12, entry.name)
            for failure in results where !failure.passed {
                XCTFail("\(entry.name): \(failure.name): \(failure.detail)")
            }
        }
    }

    /// Runs `dashost check` on the fake library built with `defines`.
    private func check(_ defines: [String], _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        let lib = try HostFixtures.fakeLibrary(defines, name: "broken")
        return try HostFixtures.dashost(["check", lib] + extra)
    }

    /// The FAIL lines of a check run.
    private func failures(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("FAIL") }
    }

    func testTheUnbrokenFakePassesEveryCheck() throws {
        let r = try check([])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(failures(r.stdout).isEmpty, r.stdout)
        for name in ["fake_detector", "fake_policy", "fake_classifier", "fake_fusion"] {
            XCTAssertTrue(r.stdout.contains("checking \(name) 2.0.0"), r.stdout)
        }
    }

    func testASegfaultingDetectorIsAFailLineWithTheSignal() throws {
        let r = try check(["BREAK_DETECTOR_SEGV"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let fails = failures(r.stdout)
        XCTAssertEqual(fails.count, 1, r.stdout)
        XCTAssertTrue(fails[0].contains("scores are finite") && fails[0].contains("signal 11 (SIGSEGV"), fails[0])
        XCTAssertTrue(r.stdout.contains("SKIP  scoring a batch equals scoring each row alone"), r.stdout)
        // The other plugins of the library were still checked, and the summary was printed.
        XCTAssertTrue(r.stdout.contains("checking fake_fusion"), r.stdout)
        XCTAssertTrue(r.stdout.contains(" passed, 1 failed, 5 skipped"), r.stdout)
    }

    func testAnAbortingClassifierIsAFailLineWithTheSignal() throws {
        let r = try check(["BREAK_CLASSIFIER_ABORT"])
        XCTAssertEqual(r.status, 1)
        let fails = failures(r.stdout)
        XCTAssertEqual(fails.count, 1, r.stdout)
        XCTAssertTrue(fails[0].contains("probabilities are in [0, 1]") && fails[0].contains("signal 6 (SIGABRT"), fails[0])
    }

    func testAPolicyWritingPastItsOutputFailsTheBoundsCheck() throws {
        let r = try check(["BREAK_POLICY_OVERRUN"])
        XCTAssertEqual(r.status, 1)
        let fails = failures(r.stdout)
        XCTAssertEqual(fails.count, 1, r.stdout)
        XCTAssertTrue(fails[0].contains("wrote past the end of out") && fails[0].contains("value 75 was overwritten"), fails[0])
    }

    func testANonFiniteScoreFailsOneCheckAndSkipsTheComparisons() throws {
        let r = try check(["BREAK_DETECTOR_NAN"])
        let fails = failures(r.stdout)
        XCTAssertEqual(fails.count, 1, r.stdout)
        XCTAssertTrue(fails[0].contains("the score of row 29 of 30 is nan"), fails[0])
        XCTAssertFalse(r.stdout.contains("differ at row"), "no comparison of NaN with NaN: \(r.stdout)")
        XCTAssertEqual(r.stdout.components(separatedBy: "\nSKIP").count - 1, 5, r.stdout)
    }

    func testAFusionRuleWritingNaNFailsOneCheck() throws {
        let fails = failures(try check(["BREAK_FUSION_NAN"]).stdout)
        XCTAssertEqual(fails.count, 1)
        XCTAssertTrue(fails[0].contains("the fused score of row 0 of 40 is nan"), fails[0])
    }

    func testAPolicyMustReportAFailedCallbackAsCallbackError() throws {
        for (define, expected) in [("BREAK_POLICY_IGNORE_CALLBACK", "a policy must return DASHOST_ERR_CALLBACK then"),
                                   ("BREAK_POLICY_WRONG_STATUS", "returned DASHOST_ERR_INTERNAL instead of DASHOST_ERR_CALLBACK")] {
            let fails = failures(try check([define]).stdout)
            XCTAssertEqual(fails.count, 1, define)
            XCTAssertTrue(fails.first?.contains(expected) ?? false, "\(define): \(fails)")
        }
    }

    func testInvalidParamsAreOneErrorUpFront() throws {
        let r = try check([], ["--plugin", "fake_detector", "--params", #"{"exponent": 9}"#])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("invalid --params for plugin 'fake_detector': parameter 'exponent' = 9 is out of range"), r.stderr)
    }

    func testAnABI1LibraryIsRefusedByCheck() throws {
        let r = try check(["FAKE_ABI1_ENTRY"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("was built for plugin ABI 1.0") && r.stderr.contains("docs/abi.md#changelog"), r.stderr)
    }

    func testADetectorLeavingHalfItsScoresUnwrittenFailsTheOutputCheck() throws {
        let fails = failures(try check(["BREAK_DETECTOR_HALF"]).stdout)
        XCTAssertEqual(fails.count, 1, "\(fails)")
        XCTAssertTrue(fails.first?.contains("the score of row 15 of 30 was not written (15 of 30 values left untouched)") ?? false, "\(fails)")
    }
}
