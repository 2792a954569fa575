@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// `PolicyVetter` and `CandidateRanking`: a good built-in policy passes; each misbehaving fixture
/// policy (Tests/Fixtures/fake_plugins.c) fails the right check with a message saying what was wrong,
/// and a crash stays in its sandboxed child; the ranking orders reports as documented.
final class PolicyVettingTests: XCTestCase {
    static let order = ["runs", "shape_and_finite", "deterministic", "uses_score_callback", "not_training_rows", "hard"]

    /// The built-in registry merged with the fake library built with `defines`, marked untrusted
    /// as a generated policy's library would be (its detector then runs sandboxed too).
    private func registry(_ defines: [String], trust: String = "untrusted") throws -> Registry {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)  // vetting always sandboxes the policy
        try HostFixtures.requireBuiltPlugins()
        let library = try HostFixtures.fakeLibrary(defines)
        let dir = try HostFixtures.temporaryDirectory()
        let fragment = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [{"library": "\#(library)", "trust": "\#(trust)"}]}"#,
                                              to: "fake.json", in: dir)
        return try Registry(files: [HostFixtures.packageRoot + "/registry.json", fragment],
                            extraPluginPaths: [HostFixtures.pluginDirectory], environment: [:])
    }

    /// Vets the fake policy built with `defines` for the fake detector, timing it.
    private func vetFake(_ defines: [String], options: PolicyVettingOptions = .init(), trust: String = "untrusted") throws -> VettingReport {
        let registry = try registry(defines, trust: trust)
        let start = Date()
        let report = try PolicyVetter.vet(policy: "fake_policy", detector: "fake_detector", registry: registry, options: options)
        print("vetting \(defines) took \(String(format: "%.2f", Date().timeIntervalSince(start))) s: \(report.failureMessage)")
        return report
    }

    private func check(_ report: VettingReport, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> VettingCheck? {
        let found = report.checks.first { $0.name == name }
        if found == nil { XCTFail("no check '\(name)' in \(report.checks.map(\.name))", file: file, line: line) }
        return found
    }

    /// `name` failed, every other check run passed, and the failure message is the failed check's.
    private func assertFails(_ report: VettingReport, only name: String, containing fragments: [String],
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(report.passed, file: file, line: line)
        XCTAssertEqual(report.checks.filter { !$0.passed }.map(\.name), [name], report.failureMessage, file: file, line: line)
        XCTAssertNil(report.rankScore, file: file, line: line)
        guard let failed = check(report, name, file: file, line: line) else { return }
        XCTAssertEqual(report.failureMessage, "vetting check '\(name)' failed: \(failed.message)", file: file, line: line)
        for fragment in fragments where !failed.message.contains(fragment) {
            XCTFail("\"\(failed.message)\" does not contain \"\(fragment)\"", file: file, line: line)
        }
    }

    func testABuiltInPolicyPassesEveryCheckAndItsReportRoundTrips() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        let registry = try HostFixtures.registry()
        for (policy, detector) in [("knn_policy", "knn"), ("iforest_policy", "iforest")] {
            let start = Date()
            let report = try PolicyVetter.vet(policy: policy, detector: detector, registry: registry)
            let seconds = Date().timeIntervalSince(start)
            print("vetting \(policy) for \(detector) took \(String(format: "%.2f", seconds)) s: policy percentile \(report.policyPercentileMedian ?? .nan), uniform \(report.uniformPercentileMedian ?? .nan), oob \(report.oobAUC ?? .nan), distance \(report.distanceRatioMedian ?? .nan), rank \(report.rankScore ?? .nan)")
            XCTAssertTrue(report.passed, "\(policy): \(report.failureMessage)")
            XCTAssertEqual(report.checks.map(\.name), Self.order)
            XCTAssertEqual(report.failureMessage, "")
            XCTAssertLessThan(seconds, 10, "vetting \(policy) is too slow")
            for value in [report.policyPercentileMedian, report.uniformPercentileMedian, report.oobAUC] {
                let v = try XCTUnwrap(value)
                XCTAssertTrue((0...1).contains(v), "\(v)")
            }
            XCTAssertLessThan(report.policyPercentileMedian!, report.uniformPercentileMedian!)
            XCTAssertGreaterThan(try XCTUnwrap(report.distanceRatioMedian), 0)
            XCTAssertNotNil(report.rankScore)
            XCTAssertEqual(report.datasets.map(\.dataset), VettingDataset.all.map(\.name))
            for measures in report.datasets {
                XCTAssertEqual(measures.count, 30)
                XCTAssertEqual(measures.ownRows, 24, "the registry's background_share 0.2 leaves 24 of 30 rows the policy's own")
                XCTAssertGreaterThan(measures.callbacks, 0)
                XCTAssertLessThanOrEqual(measures.copies, 3, "\(policy) on \(measures.dataset)")
                if measures.copies > 0 { print("\(policy) on \(measures.dataset): \(measures.copies) copies of training rows") }
            }
            let meanPercentile = report.datasets.map { $0.policyPercentileMedian! }.reduce(0, +) / Double(report.datasets.count)
            XCTAssertEqual(report.policyPercentileMedian!, meanPercentile, accuracy: 1e-12)

            let data = try report.jsonData()
            let decoded = try JSONDecoder().decode(VettingReport.self, from: data)
            XCTAssertEqual(try decoded.jsonData(), data)
            XCTAssertEqual(decoded.checks, report.checks)
            XCTAssertEqual(decoded.oobAUC, report.oobAUC)
            XCTAssertEqual(decoded.datasets, report.datasets)
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertTrue(text.contains("\n  \"checks\""), text)  // pretty, sorted keys: checks before detector
            XCTAssertLessThan(text.range(of: "\"checks\"")!.lowerBound, text.range(of: "\"detector\"")!.lowerBound)
        }
    }

    func testACrashFailsRunsWithTheIsolationLayersMessageAndTheTestProcessLives() throws {
        let report = try vetFake(["BREAK_POLICY_SEGV"])
        XCTAssertEqual(report.checks.map(\.name), ["runs"], "a crash is fatal: nothing else is checked")
        assertFails(report, only: "runs", containing: ["on vetting data set 'correlated_gaussian'", "plugin 'fake_policy' in node 'vetting' was killed by SIGSEGV", "during generate"])
        XCTAssertNil(report.policyPercentileMedian)
    }

    func testAHangIsStoppedAtTheWallTimeLimitAndFailsRuns() throws {
        let report = try vetFake(["BREAK_POLICY_HANG"], options: PolicyVettingOptions(wallSeconds: 1.5))
        XCTAssertEqual(report.checks.map(\.name), ["runs"])
        assertFails(report, only: "runs", containing: ["plugin 'fake_policy' in node 'vetting' did not finish generate within 1.5 s (its wall-time limit"])
    }

    func testASandboxRefusalFailsRunsNamingTheRule() throws {
        let report = try vetFake(["BREAK_POLICY_SOCKET"], trust: "trusted")  // sandboxed although trusted
        assertFails(report, only: "runs", containing: ["plugin 'fake_policy' in node 'vetting' was stopped by the sandbox during generate",
                                                      "socket(AF_INET): rule 'no network'"])
    }

    func testNaNRowsFailShapeAndFiniteCountingTheBadValues() throws {
        let report = try vetFake(["BREAK_POLICY_NAN"])
        XCTAssertEqual(report.checks.map(\.name), ["runs", "shape_and_finite"])
        assertFails(report, only: "shape_and_finite", containing: ["synthetic row 12 of 30, column 1, is nan (must be finite): 1 of 180 values are not finite"])
    }

    func testAWriteOutsideTheOutputFailsShapeAndFinite() throws {
        let report = try vetFake(["BREAK_POLICY_OVERRUN"])
        assertFails(report, only: "shape_and_finite", containing: ["wrote past the end of its output"])
    }

    func testANonDeterministicPolicyFailsDeterministic() throws {
        let report = try vetFake(["BREAK_POLICY_NONDETERMINISTIC"])
        assertFails(report, only: "deterministic", containing: ["two calls with the same seed on vetting data set 'correlated_gaussian' returned different rows: 1 of 180 values differ, the first at synthetic row 0, column 0"])
        XCTAssertEqual(report.checks.map(\.name), Self.order, "not fatal: the other checks still run")
    }

    func testAPolicyIgnoringTheCallbackFailsUsesScoreCallbackUnlessTheVariantIsSimple() throws {
        let report = try vetFake(["BREAK_POLICY_NO_CALLBACK"])
        assertFails(report, only: "uses_score_callback",
                    containing: ["never called the detector's score callback on vetting data sets 'correlated_gaussian', 'two_clusters', 'skewed_heavy_tailed'"])
        let simple = try vetFake(["BREAK_POLICY_NO_CALLBACK"], options: PolicyVettingOptions(requiresScoreCallback: false))
        XCTAssertTrue(simple.passed, simple.failureMessage)
        let skipped = try XCTUnwrap(check(simple, "uses_score_callback"))
        XCTAssertTrue(skipped.passed)
        XCTAssertTrue(skipped.message.hasPrefix("skipped: "), skipped.message)
    }

    func testAPolicyReturningTrainingRowsFailsNotTrainingRows() throws {
        let report = try vetFake(["BREAK_POLICY_COPIES"])
        XCTAssertFalse(try XCTUnwrap(check(report, "not_training_rows")).passed)
        let message = try XCTUnwrap(check(report, "not_training_rows")).message
        XCTAssertTrue(message.contains("30 of 30 on 'correlated_gaussian'"), message)
        XCTAssertTrue(message.contains("more than the 10 % allowed"), message)
    }

    func testAnEasyPolicyFailsHardNamingBothPercentiles() throws {
        let report = try vetFake(["BREAK_POLICY_EASY"])
        assertFails(report, only: "hard", containing: ["its rows sit at the 100th percentile of the detector's training scores, uniform random rows at the",
                                                      "the policy's anomalies are"])
        XCTAssertEqual(report.policyPercentileMedian, 1)
        XCTAssertNotNil(report.uniformPercentileMedian)
    }

    func testTheVettingDataAndTheReportDependOnlyOnTheSeed() throws {
        let a = try vetFake([], trust: "trusted"), b = try vetFake([], trust: "trusted")
        XCTAssertTrue(a.passed, a.failureMessage)
        XCTAssertEqual(try a.jsonData(), try b.jsonData())
        let again = VettingDataset.generate()
        XCTAssertEqual(VettingDataset.all.map(\.train), again.map(\.train))
        XCTAssertEqual(VettingDataset.all.map(\.name), ["correlated_gaussian", "two_clusters", "skewed_heavy_tailed"])
        XCTAssertEqual(VettingDataset.all.map(\.count), [30, 30, 30])
    }

    func testUnknownNamesAreHostSideErrors() throws {
        let registry = try HostFixtures.registry()
        HostFixtures.assertError(["no plugin named 'no_such_policy'"]) {
            _ = try PolicyVetter.vet(policy: "no_such_policy", detector: "knn", registry: registry)
        }
        HostFixtures.assertError(["plugin 'knn' in", "is a detector, not a policy"]) {
            _ = try PolicyVetter.vet(policy: "knn", detector: "knn", registry: registry)
        }
    }

    func testCandidateRankingPutsLearnableFirstThenBetterHiddenTiesByIndex() {
        func report(_ passed: Bool, _ percentile: Double?, _ oob: Double?) -> VettingReport {
            VettingReport(policy: "p", detector: "d", passed: passed, checks: [], policyPercentileMedian: percentile,
                          uniformPercentileMedian: 0.99, oobAUC: oob, distanceRatioMedian: 1,
                          rankScore: passed ? percentile.map { CandidateRanking.score(policyPercentileMedian: $0, oobAUC: oob) } : nil)
        }
        let reports = [
            report(true, 0.30, 0.995),  // 0: best hidden, but trivially separable
            report(true, 0.60, 0.90),   // 1: learnable
            report(false, 0.10, 0.85),  // 2: failed: never ranked
            report(true, 0.40, 0.80),   // 3: learnable, better hidden than 1
            report(true, 0.20, 0.70),   // 4: too hard to learn
            report(true, 0.40, 0.75),   // 5: the band's lower edge is inside; ties with 3
            report(true, 0.50, 0.99),   // 6: the band's upper edge is outside
            report(true, 0.10, nil),    // 7: no AUC: outside the band
        ]
        XCTAssertEqual(CandidateRanking.rank(reports), [3, 5, 1, 7, 4, 0, 6])
        XCTAssertEqual(CandidateRanking.rank([]), [])
        // A report without a rank score (decoded from an older file) is ranked from its measurements.
        let bare = VettingReport(policy: "p", detector: "d", passed: true, checks: [], policyPercentileMedian: 0.5, oobAUC: 0.9)
        XCTAssertEqual(CandidateRanking.rank([reports[6], bare]), [1, 0])
    }

    func testOrdinals() {
        XCTAssertEqual(PolicyVetter.ordinal(0.9712), "97th")
        XCTAssertEqual(PolicyVetter.ordinal(0.881), "88th")
        XCTAssertEqual(PolicyVetter.ordinal(0.21), "21st")
        XCTAssertEqual(PolicyVetter.ordinal(0.12), "12th")
        XCTAssertEqual(PolicyVetter.ordinal(0.02), "2nd")
        XCTAssertEqual(PolicyVetter.ordinal(1), "100th")
    }
}
