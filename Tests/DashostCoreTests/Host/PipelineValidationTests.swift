import DashostCore
import Foundation
import XCTest

/// Validation catches every malformed graph before anything runs, naming the node at fault.
final class PipelineValidationTests: XCTestCase {
    private func validate(_ nodes: String, seed: String = "1") throws {
        let json = "{\"seed\": \(seed), \"nodes\": [\(nodes)]}"
        let spec = try PipelineSpec(json: Data(json.utf8), file: "test.json", folder: HostFixtures.packageRoot)
        _ = try PipelineValidator.validate(spec, registry: try HostFixtures.registry())
    }

    private let source = #"{"id": "data", "type": "source", "path": "examples/data/cardio.npz"}"#

    func testAValidGraphPasses() throws {
        try validate("""
        \(source),
        {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train", "score": "data.test"}},
        {"id": "eval", "type": "evaluate", "inputs": {"iforest": "det"}}
        """)
    }

    func testUnknownPlugin() {
        HostFixtures.assertError(["node 'det'", "no plugin named 'isoforest'"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "isoforest", "inputs": {"fit": "data.train"}}"#)
        }
    }

    func testPluginOfTheWrongKind() {
        HostFixtures.assertError(["node 'det'", "plugin 'random_forest'", "is a classifier, not a detector"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "random_forest", "inputs": {"fit": "data.train"}}"#)
        }
    }

    func testMissingInput() {
        HostFixtures.assertError(["node 'det'", "missing input 'fit'"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {}}"#)
        }
    }

    func testInputFromUnknownNode() {
        HostFixtures.assertError(["node 'det'", "there is no node 'dataset'"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "dataset.train"}}"#)
        }
    }

    func testInputFromUnknownPort() {
        HostFixtures.assertError(["node 'det'", "has no output 'validation'", "train, test, all"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.validation"}}"#)
        }
    }

    func testTypeMismatch() {
        HostFixtures.assertError(["node 'clf'", "type mismatch", "takes labeled", "'data.train' is matrix"]) {
            try validate(#"\#(source), {"id": "clf", "type": "classifier", "plugin": "random_forest", "inputs": {"fit": "data.train"}}"#)
        }
    }

    func testCycleIsSpelledOut() {
        HostFixtures.assertError(["cycle", "a -> b -> a"]) {
            try validate("""
            {"id": "a", "type": "normalise", "inputs": {"scores": "b"}},
            {"id": "b", "type": "normalise", "inputs": {"scores": "a"}}
            """)
        }
    }

    func testBadParamsAreReportedByThePlugin() {
        HostFixtures.assertError(["node 'det'", "bad params for plugin 'iforest'", "n_trees"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "iforest", "params": {"n_trees": 10}, "inputs": {"fit": "data.train"}}"#)
        }
        HostFixtures.assertError(["node 'det'", "bad params for plugin 'iforest'", "n_estimators"]) {
            try validate(#"\#(source), {"id": "det", "type": "detector", "plugin": "iforest", "params": {"n_estimators": -3}, "inputs": {"fit": "data.train"}}"#)
        }
    }

    func testUnknownTypeFieldAndOption() {
        HostFixtures.assertError(["node 'x'", "unknown type 'scorer'"]) { try validate(#"{"id": "x", "type": "scorer"}"#) }
        HostFixtures.assertError(["node 'data'", "unknown field 'file'"]) {
            try validate(#"{"id": "data", "type": "source", "path": "a.npz", "file": "b.npz"}"#)
        }
        HostFixtures.assertError(["node 'p'", "option 'ratio' = -1 must be in (0, 100]"]) {
            try validate(#"\#(source), {"id": "d", "type": "detector", "plugin": "iforest", "inputs": {"fit": "data.train"}}, {"id": "p", "type": "policy", "plugin": "iforest_policy", "ratio": -1, "inputs": {"detector": "d.model"}}"#)
        }
        HostFixtures.assertError(["node 'c'", "option 'folds' = 2.5 must be an integer in [2, 50]"]) {
            try validate(#"\#(source), {"id": "c", "type": "classifier", "plugin": "svm", "folds": 2.5, "inputs": {"fit": "data.train"}}"#)
        }
        HostFixtures.assertError(["node 'n'", "option 'method' is 'max', expected minmax, zscore, rank"]) {
            try validate(#"\#(source), {"id": "n", "type": "normalise", "method": "max", "inputs": {"scores": "data"}}"#)
        }
    }

    func testDuplicateIdsAndBadSeed() {
        HostFixtures.assertError(["two nodes have the id 'data'"]) { try validate("\(source), \(source)") }
        HostFixtures.assertError(["field 'seed' must be a non-negative integer"]) { try validate(source, seed: "-4") }
    }

    func testNotJSON() {
        HostFixtures.assertError(["broken.json", "not valid JSON"]) {
            _ = try PipelineSpec(json: Data("{nodes: [".utf8), file: "broken.json", folder: "/")
        }
    }
}

/// docs/pipeline.md documents every node option the option tables define (they are the source).
final class NodeOptionDocsTests: XCTestCase {
    func testEveryNodeOptionIsDocumented() throws {
        let docs = try String(contentsOfFile: HostFixtures.packageRoot + "/docs/pipeline.md", encoding: .utf8)
        for type in NodeType.allCases {
            let row = docs.split(separator: "\n").first { $0.hasPrefix("| `\(type.rawValue)` |") }
            let line = try XCTUnwrap(row, "docs/pipeline.md has no row for node type '\(type.rawValue)'")
            for option in type.optionTable {
                XCTAssertTrue(line.contains("`\(option.name)`"), "docs/pipeline.md: the \(type.rawValue) row does not mention `\(option.name)`")
                if case let .string(choices?) = option.kind {
                    for choice in choices { XCTAssertTrue(line.contains("`\(choice)`"), "\(type.rawValue).\(option.name): choice `\(choice)` undocumented") }
                }
            }
        }
    }
}
