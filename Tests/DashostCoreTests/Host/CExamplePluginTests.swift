import DashostCore
import Foundation
import XCTest

/// The plain-C example plugin builds with `make` (cc + the header alone), passes the conformance
/// suite, and runs in a pipeline through a merged registry.
final class CExamplePluginTests: XCTestCase {
    private let exampleDir = HostFixtures.packageRoot + "/plugin-sdk/examples/zscore-c"

    private func buildExample() throws -> String {
        let out = try HostFixtures.temporaryDirectory()
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["make", "-s", "-C", exampleDir, "build/libdashost_zscore.so"]
        make.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try make.run()
        make.waitUntilExit()
        XCTAssertEqual(make.terminationStatus, 0, "make failed in \(exampleDir)")
        _ = out
        return exampleDir + "/build/libdashost_zscore.so"
    }

    func testHeaderCompilesAsStrictC99AndAsCPlusPlus() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let source = try HostFixtures.write("#include \"dashost_plugin.h\"\nint main(void) { return DASHOST_OK; }\n", to: "t.c", in: dir)
        let include = HostFixtures.packageRoot + "/plugin-sdk/include"
        for (compiler, flags) in [("cc", ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"]),
                                  ("c++", ["-x", "c++", "-std=c++11", "-Wall", "-Wextra", "-Wpedantic", "-Werror"])] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [compiler] + flags + ["-fsyntax-only", "-I", include, source]
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "\(compiler) \(flags.joined(separator: " ")) rejected dashost_plugin.h")
        }
    }

    func testBuildsAndPassesTheConformanceSuite() throws {
        let path = try buildExample()
        let (library, results) = try ConformanceSuite.run(path: path)
        XCTAssertEqual(library.name, "zscore")
        XCTAssertEqual(library.kind, .detector)
        XCTAssertEqual(library.defaultParams, #"{"power": 1}"#)
        for failure in results where !failure.passed { XCTFail("\(failure.name): \(failure.detail)") }
    }

    func testScoresAreSumsOfAbsoluteZScores() throws {
        let library = try PluginLibrary.open(path: try buildExample())
        let detector = try DetectorInstance(library, seed: 0)
        // Column 0: mean 2, population std 1 (values 1, 3); column 1 constant 5 (std treated as 1).
        try detector.fit(DataMatrix(rows: 2, cols: 2, values: [1, 5, 3, 5]))
        XCTAssertEqual(try detector.score(DataMatrix(rows: 2, cols: 2, values: [4, 5, 2, 7])), [2, 2])
        let squared = try DetectorInstance(library, params: #"{"power": 2}"#, seed: 0)
        try squared.fit(DataMatrix(rows: 2, cols: 2, values: [1, 5, 3, 5]))
        XCTAssertEqual(try squared.score(DataMatrix(rows: 1, cols: 2, values: [5, 7])), [13])
        HostFixtures.assertError(["zscore", "DASHOST_ERR_BAD_PARAMS", "parameter 'power' must be 1 or 2"]) {
            _ = try DetectorInstance(library, params: #"{"power": 3}"#, seed: 0)
        }
    }

    func testPolicyScoresOfRememberedRowsComeFromMemory() throws {
        let library = try PluginLibrary.open(path: try buildExample())
        let detector = try DetectorInstance(library, seed: 0)
        let train = DataMatrix(rows: 2, cols: 2, values: [1, 5, 3, 5])
        try detector.fit(train)
        XCTAssertEqual(try detector.scoreForPolicy(train), [1, 1])  // nothing remembered: the plugin
        // Deliberately not the plugin's scores, to see where an answer comes from.
        detector.remember(scores: [7, 8], of: train)
        XCTAssertEqual(try detector.scoreForPolicy(DataMatrix(rows: 2, cols: 2, values: [1, 5, 3, 5])), [7, 8])
        XCTAssertEqual(try detector.scoreForPolicy(DataMatrix(rows: 2, cols: 2, values: [1, 5, 3, 6])), [1, 2])
        XCTAssertEqual(try detector.scoreForPolicy(DataMatrix(rows: 1, cols: 2, values: [1, 5])), [1])
        XCTAssertEqual(try detector.score(train), [1, 1])  // direct scoring always asks the plugin
    }

    func testRunsInAPipelineThroughAMergedRegistry() throws {
        _ = try buildExample()
        let registry = try Registry(files: [HostFixtures.packageRoot + "/registry.json", exampleDir + "/registry.json"],
                                    extraPluginPaths: [HostFixtures.pluginDirectory], environment: [:])
        let spec = try PipelineSpec(file: HostFixtures.packageRoot + "/examples/pipelines/zscore-c-plugin.json")
        let result = try PipelineRunner().run(try PipelineValidator.validate(spec, registry: registry))
        XCTAssertEqual(Set(result.metrics.map(\.column)), ["zscore", "enhanced"])
        for row in result.metrics { XCTAssertGreaterThan(row.aucroc, 0.9, "\(row)") }
    }
}
