import DashostCore
import Foundation
import XCTest

/// Running graphs through real plugins: metrics, reproducibility, swapping plugins by JSON alone,
/// atomic outputs and run-time errors.
final class PipelineRunTests: XCTestCase {
    private func run(_ json: String, outputFolder: String? = nil) throws -> RunResult {
        let spec = try PipelineSpec(json: Data(json.utf8), file: "test.json", folder: HostFixtures.packageRoot + "/examples/pipelines")
        var runner = PipelineRunner()
        if let outputFolder { runner.outputFolder = outputFolder }
        return try runner.run(try PipelineValidator.validate(spec, registry: try HostFixtures.registry()))
    }

    private func standard(classifier: String = "random_forest", fusion: String = "minmax_sum", fusionParams: String = "{}",
                          seed: Int = 42) -> String {
        """
        {"seed": \(seed), "nodes": [
          {"id": "data", "type": "source", "path": "../data/cardio.npz"},
          {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
          {"id": "pol", "type": "policy", "plugin": "iforest_policy", "inputs": {"detector": "det.model"}},
          {"id": "aug", "type": "augment", "inputs": {"normal": "data.train", "anomalies": "pol"}},
          {"id": "clf", "type": "classifier", "plugin": "\(classifier)", "inputs": {"fit": "aug", "score": "data.test"}},
          {"id": "fused", "type": "fuse", "plugin": "\(fusion)", "params": \(fusionParams), "inputs": {"detector": "det", "classifier": "clf"}},
          {"id": "eval", "type": "evaluate", "inputs": {"detector": "det", "enhanced": "fused"}}
        ]}
        """
    }

    private func scores(_ result: RunResult, _ key: String) -> [Double] {
        guard case let .scores(column)? = result.values[key] else { return [] }
        return column.scores
    }

    func testStandardGraphOnTheBundledData() throws {
        let result = try run(standard())
        XCTAssertEqual(result.metrics.map(\.column), ["detector", "enhanced"])
        for row in result.metrics {
            XCTAssertEqual(row.dataset, "cardio")
            XCTAssertEqual(row.rows, 1831 - 827)   // 1,655 inliers: 827 train; test = 828 inliers + 176 outliers
            XCTAssertEqual(row.anomalies, 176)
            XCTAssert(row.aucroc > 0.7 && row.aucroc <= 1, "\(row)")
            XCTAssert(row.aucpr > 176.0 / 1004 && row.aucpr <= 1, "\(row)")
        }
        // The policy made 10% of the training size.
        guard case let .rows(synthetic)? = result.values["pol.anomalies"] else { return XCTFail("no anomalies") }
        XCTAssertEqual(synthetic.count, 83)
        XCTAssertEqual(synthetic.cols, 21)
        XCTAssertFalse(synthetic.isStreamed)
    }

    func testRunsAreReproducibleFromTheSeed() throws {
        let a = try run(standard(seed: 5)), b = try run(standard(seed: 5)), c = try run(standard(seed: 6))
        XCTAssertEqual(scores(a, "fused.scores"), scores(b, "fused.scores"))
        XCTAssertNotEqual(scores(a, "fused.scores"), scores(c, "fused.scores"))
    }

    func testSwappingTheClassifierOrFusionInJSONChangesTheResult() throws {
        let forest = try run(standard())
        let svm = try run(standard(classifier: "svm"))
        let rank = try run(standard(fusion: "rank_average"))
        let lambda = try run(standard(fusionParams: #"{"weights": {"classifier": 0.25}}"#))
        XCTAssertEqual(scores(forest, "det.scores"), scores(svm, "det.scores"))
        XCTAssertNotEqual(scores(forest, "fused.scores"), scores(svm, "fused.scores"))
        XCTAssertNotEqual(scores(forest, "fused.scores"), scores(rank, "fused.scores"))
        XCTAssertNotEqual(scores(forest, "fused.scores"), scores(lambda, "fused.scores"))
    }

    func testMinMaxFusionMatchesTheFormula() throws {
        // F = minmax(f) + lambda * minmax(clf), min and max from the reference (training) scores.
        let result = try run(standard(fusionParams: #"{"weights": {"classifier": 0.5}}"#))
        guard case let .scores(det)? = result.values["det.scores"], case let .scores(clf)? = result.values["clf.scores"] else {
            return XCTFail("missing columns")
        }
        func minmax(_ x: Double, _ ref: [Double]) -> Double {
            let lo = ref.min()!, hi = ref.max()!
            return hi > lo ? (x - lo) / (hi - lo) : 0
        }
        let expected = det.scores.indices.map { minmax(det.scores[$0], det.reference) + 0.5 * minmax(clf.scores[$0], clf.reference) }
        let fused = scores(result, "fused.scores")
        XCTAssertEqual(fused.count, expected.count)
        for i in fused.indices { XCTAssertEqual(fused[i], expected[i], accuracy: 1e-12) }
    }

    func testTheFusedReferenceIsComputedOnlyWhenAConsumerReadsIt() throws {
        // evaluate reads scores only: the fuse node skips fusing the training references.
        let plain = try run(standard())
        guard case let .scores(unread)? = plain.values["fused.scores"] else { return XCTFail("no fused scores") }
        XCTAssertEqual(unread.reference, [])
        // A normalise node reads references: then they are fused, one per training row.
        let json = standard().replacingOccurrences(of: #"{"detector": "det", "enhanced": "fused"}}"#, with: """
        {"detector": "det", "enhanced": "fused"}},
          {"id": "norm", "type": "normalise", "inputs": {"scores": "fused"}}
        """)
        let read = try run(json)
        guard case let .scores(fused)? = read.values["fused.scores"], case let .scores(normed)? = read.values["norm.scores"] else {
            return XCTFail("missing columns")
        }
        XCTAssertEqual(fused.reference.count, 827)
        XCTAssertEqual(fused.scores, unread.scores)
        // minmax on the fused reference: its minimum maps to 0 and its maximum to 1.
        XCTAssertEqual(normed.reference.min()!, 0, accuracy: 1e-12)
        XCTAssertEqual(normed.reference.max()!, 1, accuracy: 1e-12)
    }

    func testWriteProducesCSVAndMetricsJSON() throws {
        let dir = try HostFixtures.temporaryDirectory()
        var json = standard()
        json = json.replacingOccurrences(of: #"{"detector": "det", "enhanced": "fused"}}"#, with: """
        {"detector": "det", "enhanced": "fused"}},
          {"id": "out", "type": "write", "path": "s.csv", "metrics_path": "m.json", "inputs": {"detector": "det", "enhanced": "fused", "metrics": "eval"}}
        """)
        let result = try run(json, outputFolder: dir)
        XCTAssertEqual(result.written, [dir + "/s.csv", dir + "/m.json"])
        let lines = try String(contentsOfFile: dir + "/s.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "row,label,detector,enhanced")
        XCTAssertEqual(lines.count, 1 + 1004)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/m.json"))) as? [String: Any]
        XCTAssertEqual((metrics?["metrics"] as? [Any])?.count, 2)
    }

    func testAFailingRunLeavesNoOutputFile() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let json = """
        {"nodes": [
          {"id": "data", "type": "source", "path": "../data/cardio.npz"},
          {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
          {"id": "out", "type": "write", "path": "missing-folder/s.csv", "inputs": {"detector": "det"}}
        ]}
        """
        HostFixtures.assertError(["node 'out'", "missing-folder"]) { _ = try run(json, outputFolder: dir) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    func testRunTimeErrorsNameTheNode() {
        HostFixtures.assertError(["node 'data'", "nothing.npz"]) {
            _ = try run(#"{"nodes": [{"id": "data", "type": "source", "path": "nothing.npz"}]}"#)
        }
        HostFixtures.assertError(["node 'eval'", "no labels"]) {
            _ = try run("""
            {"nodes": [
              {"id": "data", "type": "source", "path": "../data/breastw.csv"},
              {"id": "det", "type": "detector", "plugin": "knn", "inputs": {"fit": "data.train"}},
              {"id": "eval", "type": "evaluate", "inputs": {"knn": "det"}}
            ]}
            """)
        }
    }

    func testWithoutLabelsEveryRowIsFittedAndScored() throws {
        let result = try run("""
        {"nodes": [
          {"id": "data", "type": "source", "path": "../data/breastw.csv"},
          {"id": "det", "type": "detector", "plugin": "ecod", "inputs": {"fit": "data.train", "score": "data.test"}}
        ]}
        """)
        guard case let .scores(column)? = result.values["det.scores"] else { return XCTFail("no scores") }
        XCTAssertEqual(column.scores.count, 683)
        XCTAssertNil(column.labels)
    }

    func testStandardPipelineBuilderUsesTheRegisteredPolicy() throws {
        let registry = try HostFixtures.registry()
        let spec = try StandardPipeline(detector: "lof", data: HostFixtures.cardio).spec(registry: registry)
        let policy = spec.nodes.first { $0.type == .policy }
        XCTAssertEqual(policy?.plugin, "uniform_policy", "registry.json pairs LOF with the generic policy that beat its own")
        let knn = try StandardPipeline(detector: "knn", data: HostFixtures.cardio).spec(registry: registry)
        XCTAssertEqual(knn.nodes.first { $0.type == .policy }?.plugin, "knn_policy")
        XCTAssertEqual(spec.nodes.first { $0.type == .classifier }?.plugin, "random_forest")
        XCTAssertEqual(spec.nodes.first { $0.type == .fuse }?.plugin, "robust_sum")
    }
}
