import DashostCore
import Foundation
import XCTest

/// What the host promises plugins at run time (never two calls on one instance at once) and what
/// it checks of their outputs (at the node that produced them, naming node, plugin and row).
final class RuntimeContractTests: XCTestCase {
    /// Runs a pipeline over the fake plugin library built with `defines` (no built-in plugins).
    private func run(_ nodes: String, defines: [String], seed: Int = 3) throws -> RunResult {
        let registry = try HostFixtures.fragment(for: try HostFixtures.fakeLibrary(defines, name: "runtime"))
        let json = #"{"seed": \#(seed), "nodes": [\#(nodes)]}"#
        let spec = try PipelineSpec(json: Data(json.utf8), file: "test.json", folder: HostFixtures.packageRoot + "/examples/pipelines")
        return try PipelineRunner().run(try PipelineValidator.validate(spec, registry: registry))
    }

    private let head = """
    {"id": "data", "type": "source", "path": "../data/cardio.npz"},
    {"id": "det", "type": "detector", "plugin": "fake_detector", "inputs": {"fit": "data.train", "score": "data.test"}}
    """

    /// One enhancement branch: policy `p<i>` on the shared detector, its classifier and fusion.
    private func branch(_ i: Int) -> String {
        """
        {"id": "p\(i)", "type": "policy", "plugin": "fake_policy", "inputs": {"detector": "det.model"}},
        {"id": "a\(i)", "type": "augment", "inputs": {"normal": "data.train", "anomalies": "p\(i)"}},
        {"id": "c\(i)", "type": "classifier", "plugin": "fake_classifier", "inputs": {"fit": "a\(i)", "score": "data.test"}},
        {"id": "f\(i)", "type": "fuse", "plugin": "fake_fusion", "inputs": {"detector": "det", "classifier": "c\(i)"}}
        """
    }

    /// Two policy nodes read one `detector.model` and run at the same time; each scores its
    /// candidates through the same detector instance. The probe detector fails if two calls on it
    /// overlap, which they did when the host let both branches call it concurrently.
    func testFanOutPolicyNodesNeverCallOneDetectorInstanceConcurrently() throws {
        for seed in 1...3 {
            let result = try run("\(head), \(branch(1)), \(branch(2)), \(branch(3)), " +
                                 #"{"id": "eval", "type": "evaluate", "inputs": {"det": "det", "f1": "f1", "f2": "f2", "f3": "f3"}}"#,
                                 defines: ["CONCURRENCY_PROBE"], seed: seed)
            XCTAssertEqual(result.metrics.count, 4)
        }
    }

    func testADetectorsNonFiniteScoreIsReportedAtTheDetectorNode() {
        HostFixtures.assertError(["node 'det'", "plugin 'fake_detector' score returned OK but the score of row", "is nan"]) {
            _ = try run("\(head), \(branch(1))", defines: ["BREAK_DETECTOR_NAN"])
        }
    }

    func testAPolicysNonFiniteRowIsReportedAtThePolicyNodeWithItsRow() {
        HostFixtures.assertError(["node 'p1'", "plugin 'fake_policy' generate returned OK but synthetic row 12 of", "column 1", "is nan"]) {
            _ = try run("\(head), \(branch(1))", defines: ["BREAK_POLICY_NAN"])
        }
    }

    func testAClassifiersProbabilityOutsideTheUnitIntervalIsReportedAtTheClassifierNode() {
        HostFixtures.assertError(["node 'c1'", "plugin 'fake_classifier' predict_proba returned OK but P(anomaly) of row 0 of", "is 1.5"]) {
            _ = try run("\(head), \(branch(1))", defines: ["BREAK_CLASSIFIER_RANGE"])
        }
    }

    func testAFusionsNonFiniteOutputIsReportedAtTheFuseNode() {
        HostFixtures.assertError(["node 'f1'", "plugin 'fake_fusion' fuse returned OK but the fused score of row 0 of", "is nan"]) {
            _ = try run("\(head), \(branch(1))", defines: ["BREAK_FUSION_NAN"])
        }
    }

    func testADetectorThatLeavesScoresUnwrittenIsAnErrorNotZeros() {
        // Output buffers start as a signalling-NaN pattern, not 0: half the scores missing would
        // otherwise be scored as zeros, with exit 0.
        HostFixtures.assertError(["node 'det'", "plugin 'fake_detector' score returned OK but the score of row", "was not written"]) {
            _ = try run("\(head), \(branch(1))", defines: ["BREAK_DETECTOR_HALF"])
        }
    }

    func testAPluginCallingExitCannotEndARunWithStatusZero() throws {
        let lib = try HostFixtures.fakeLibrary(["BREAK_DETECTOR_EXIT"], name: "exiting")
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(lib)"]}"#,
                                          to: "registry.json", in: try HostFixtures.temporaryDirectory())
        let r = try HostFixtures.dashost(["enhance", "--no-builtin", "--registry", file, "--detector", "fake_detector",
                                          "--classifier", "fake_classifier", "--fusion", "fake_fusion", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(r.status, 70, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("a plugin ended the process by calling exit()"), r.stderr)
    }

    func testAPolicyCountThatCannotFitInMemoryIsRefusedBeforeAllocating() {
        let huge = """
        {"id": "p1", "type": "policy", "plugin": "fake_policy", "count": 900000000, "inputs": {"detector": "det.model"}}
        """
        HostFixtures.assertError(["node 'p1'", "900000000 synthetic rows of 21 columns need", "GiB", "lower 'count' or 'ratio'"]) {
            _ = try run("\(head), \(huge)", defines: [])
        }
    }
}
