import DashostCore
import Foundation
import XCTest

/// The benchmark: configuration grammar, the t-test against scipy, the runs.csv log and resuming,
/// and the summary's arithmetic.
final class BenchTests: XCTestCase {
    func testStudentTMatchesScipy() throws {
        // scipy.stats.t.sf(2.0, 10), t.sf(-1.3, 4), t.sf(0.5, 1)
        XCTAssertEqual(StudentT.upperTail(2.0, degreesOfFreedom: 10), 0.03669401738537018, accuracy: 1e-12)
        XCTAssertEqual(StudentT.upperTail(-1.3, degreesOfFreedom: 4), 0.868274201764388, accuracy: 1e-12)
        XCTAssertEqual(StudentT.upperTail(0.5, degreesOfFreedom: 1), 0.35241638234956674, accuracy: 1e-12)
        // scipy.stats.ttest_rel(a, b, alternative='greater').pvalue
        let p = try XCTUnwrap(StudentT.pairedOneSidedP([0.61, 0.72, 0.55, 0.80, 0.66], [0.60, 0.70, 0.56, 0.75, 0.62]))
        XCTAssertEqual(p, 0.054196219011136935, accuracy: 1e-12)
        XCTAssertNil(StudentT.pairedOneSidedP([1], [0]))
        XCTAssertEqual(StudentT.pairedOneSidedP([1, 2], [1, 2]), 0.5)
    }

    func testConfigGrammar() throws {
        XCTAssertFalse(try BenchConfig("base").enhance)
        let paper = try BenchConfig("paper+ratio=0.2", aliases: ["paper": "classifier=random_forest+lambda=1+reference=insample"])
        XCTAssertEqual(paper.name, "paper+ratio=0.2")
        XCTAssertEqual(paper.ratio, 0.2)
        XCTAssertEqual(paper.classifier, "random_forest")
        XCTAssertEqual(paper.lambda, 1)
        XCTAssertEqual(paper.reference, "insample")
        let combined = try BenchConfig("policy=smote_policy+classifier=svm+lambda=0.5")
        XCTAssertEqual(combined.policy, "smote_policy")
        XCTAssertEqual(combined.classifier, "svm")
        XCTAssertEqual(combined.lambda, 0.5)
        XCTAssertEqual(try BenchConfig("cross:knn").policyOf, "knn")
        HostFixtures.assertError(["unknown configuration 'enhance'"]) { _ = try BenchConfig("enhance") }
        HostFixtures.assertError(["unknown configuration 'paper'"]) { _ = try BenchConfig("paper") }
        HostFixtures.assertError(["unknown setting 'clf'"]) { _ = try BenchConfig("clf=svm") }
        HostFixtures.assertError(["lambda must be a number"]) { _ = try BenchConfig("lambda=big") }
    }

    func testConfigsBuildTheRightGraph() throws {
        let registry = try HostFixtures.registry()
        let cross = try BenchConfig("cross:lof").pipeline(detector: "iforest", data: HostFixtures.cardio, seed: 1, registry: registry)
        XCTAssertEqual(cross.policy, "lof_policy")
        let base = try BenchConfig("base").pipeline(detector: "iforest", data: HostFixtures.cardio, seed: 1, registry: registry)
        XCTAssertEqual(try base.spec(registry: registry).nodes.map(\.type), [.source, .detector, .evaluate])
    }

    func testAGeneratedFolderEnhancesEachDetectorWithItsPairing() throws {
        let registry = try HostFixtures.registry()
        let folder = try HostFixtures.temporaryDirectory()
        let config = try BenchConfig("generated:\(folder)")
        XCTAssertEqual(config.generatedFolder, folder)
        HostFixtures.assertError(["generated:\(folder): no policy folder there", "dashost policy generate --into"]) {
            _ = try config.pipeline(detector: "knn", data: "x.npz", seed: 1, registry: registry)
        }
        try HostFixtures.write(#"{"format": "dashost-registry/2", "plugins": {"knn": {"policy": "smote_policy"}}}"#, to: "registry.json", in: folder)
        XCTAssertEqual(try config.pipeline(detector: "knn", data: "x.npz", seed: 1, registry: registry).policy, "smote_policy")
        HostFixtures.assertError(["pairs no policy with detector 'lof'"]) {
            _ = try config.pipeline(detector: "lof", data: "x.npz", seed: 1, registry: registry)
        }
        HostFixtures.assertError(["generated: needs a folder"]) { _ = try BenchConfig("generated:") }
    }

    func testRowRoundTripsThroughCSV() throws {
        let row = BenchRow(dataset: "cardio", detector: "iforest", config: "enhanced", seed: 42, aucpr: 0.1 + 0.2, aucroc: 0.9,
                           tDetectorFit: 0.001, tDetectorScore: 0.002, tSynthesis: 0.003, tClassifierFit: 0.004,
                           tClassifierScore: 0.005, tFusion: 0.006, tTotal: 0.03, nTrain: 827, nTest: 1004, d: 21, nSynthetic: 83)
        XCTAssertEqual(BenchRow(csv: Substring(row.csv)), row)
        XCTAssertNil(BenchRow(csv: "cardio,iforest,enhanced,42,0.3"))
        XCTAssertEqual(BenchRow.header.split(separator: ",").prefix(6), ["dataset", "detector", "config", "seed", "aucpr", "aucroc"])
    }

    func testBenchWritesRunsAndSummaryAndResumesAfterACutOffLine() throws {
        let registry = try HostFixtures.registry()
        let data = try HostFixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: HostFixtures.cardio, toPath: data + "/cardio.npz")
        let out = try HostFixtures.temporaryDirectory()
        let runner = BenchRunner(dataFolder: data, detectors: ["ecod"], configs: [try BenchConfig("enhanced")], seeds: [1, 2],
                                 outFolder: out)
        let rows = try runner.run(registry: registry)
        XCTAssertEqual(rows.count, 4)   // base and enhanced, two seeds
        XCTAssertEqual(Set(rows.map(\.config)), ["base", "enhanced"])
        XCTAssertTrue(rows.allSatisfy { $0.nTrain == 827 && $0.nTest == 1004 && $0.d == 21 })
        XCTAssertEqual(rows.filter { $0.config == "enhanced" }.map(\.nSynthetic), [83, 83])
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        XCTAssertTrue(summary.contains("| ecod | enhanced | 1 |"), summary)

        // Simulate an interruption: cut the last line in half. The rerun drops it and redoes that run only.
        var text = try String(contentsOfFile: out + "/runs.csv", encoding: .utf8)
        text.removeLast(20)
        try text.write(toFile: out + "/runs.csv", atomically: true, encoding: .utf8)
        var events: [String] = []
        var again = runner
        again.progress = { events.append($0) }
        let resumed = try again.run(registry: registry)
        XCTAssertEqual(resumed.count, 4)
        XCTAssertTrue(events.first!.contains("3 already in"), events.first!)
        XCTAssertEqual(Set(resumed.map(\.key)), Set(rows.map(\.key)))
        // ECOD is deterministic, so the redone run equals the original.
        XCTAssertEqual(resumed.sorted { $0.key < $1.key }.map(\.aucpr), rows.sorted { $0.key < $1.key }.map(\.aucpr))
    }

    func testSummaryArithmetic() {
        func row(_ ds: String, _ config: String, _ seed: UInt64, _ pr: Double) -> BenchRow {
            BenchRow(dataset: ds, detector: "d", config: config, seed: seed, aucpr: pr, aucroc: 0.5, tDetectorFit: 0, tDetectorScore: 0,
                     tSynthesis: 0, tClassifierFit: 0, tClassifierScore: 0, tFusion: 0, tTotal: 0, nTrain: 1, nTest: 1, d: 1, nSynthetic: 0)
        }
        // a: base 0.5, enhanced mean(0.6, 0.8) = 0.7 (win); b: base 0.5, enhanced 0.4 (loss > 0.05).
        let rows = [row("a", "base", 1, 0.5), row("a", "base", 2, 0.5), row("a", "enhanced", 1, 0.6), row("a", "enhanced", 2, 0.8),
                    row("b", "base", 1, 0.5), row("b", "enhanced", 1, 0.4)]
        let md = BenchSummary(rows: rows).markdown()
        XCTAssertTrue(md.contains("| d | enhanced | 2 | 0.5000 | 0.5500 | +0.0500 | 1/2 | 1 |"), md)
        XCTAssertTrue(md.contains("| a | 0.5000 | 0.7000 |"), md)
    }
}
