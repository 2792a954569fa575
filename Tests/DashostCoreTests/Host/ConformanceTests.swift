import DashostCore
import XCTest

/// `dashost check` over every built-in plugin, and over plugins that break the contract.
final class ConformanceTests: XCTestCase {
    func testEveryBuiltInPluginPassesItsKindsChecks() throws {
        let registry = try HostFixtures.registry()
        for entry in registry.entries {
            let library = try registry.load(entry.name)
            let (_, results) = try ConformanceSuite.run(path: library.path)
            XCTAssertGreaterThanOrEqual(results.count, 12, entry.name)
            for failure in results where !failure.passed {
                XCTFail("\(entry.name): \(failure.name): \(failure.detail)")
            }
        }
    }

    func testABrokenDetectorFailsTheRightChecks() throws {
        // The fake detector accepts anything and scores everything 0: it must fail the checks for
        // unknown params, NaN, scoring before fit, wrong width and outliers.
        let path = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(name: "lax"), name: "lax")
        let (_, results) = try ConformanceSuite.run(path: path)
        let failed = Set(results.filter { !$0.passed }.map(\.name))
        for expected in ["rejects an unknown parameter", "rejects malformed params JSON", "score before fit is an error",
                         "fit rejects NaN", "score rejects the wrong number of columns", "a far outlier scores above every training row"] {
            XCTAssertTrue(failed.contains(expected), "'\(expected)' should fail for a lax plugin; failed: \(failed.sorted())")
        }
        XCTAssertTrue(results.first { $0.name == "rejects an unknown parameter" }!.detail.contains("succeeded, but it must be an error"))
    }
}
