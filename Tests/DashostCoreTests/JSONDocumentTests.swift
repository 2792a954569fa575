@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// `JSONDocument`, the one strict JSON parser behind pipeline files, registry files and plugin params.
final class JSONDocumentTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    private func syntax(_ text: String) -> String { message { _ = try JSONDocument.parse(text, source: "t.json") } }

    func testValuesAreTheOnesFoundationGives() throws {
        let text = #"{"a": [1, -2, 3.5, 1e2, true, false, null, "x\u00e9\ud83d\ude00\n"], "b": {"c": {}}, "d": []}"#
        let ours = try JSONDocument.parse(text, source: "t") as! NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
        XCTAssertEqual(ours, theirs)
        let array = (ours["a"] as! [Any])
        XCTAssertEqual(JSONNumber.bool(array[4]), true)
        XCTAssertNil(JSONNumber.double(array[4]))
        XCTAssertEqual(JSONNumber.double(array[2]), 3.5)
        XCTAssertEqual(array[7] as? String, "xé😀\n")
        XCTAssertTrue(array[6] is NSNull)
    }

    func testErrorsGiveLineAndColumn() {
        XCTAssertEqual(syntax("{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}"), "t.json: not valid JSON: line 3, column 14: trailing comma before ']'")
        XCTAssertEqual(syntax("{\"a\": 1,}"), "t.json: not valid JSON: line 1, column 9: trailing comma before '}'")
        XCTAssertEqual(syntax("{\"é\": x}"), "t.json: not valid JSON: line 1, column 7: unexpected 'x', expected a value")
        XCTAssertEqual(syntax("{\"a\": 1} 2"), "t.json: not valid JSON: line 1, column 10: unexpected '2' after the JSON value")
        XCTAssertEqual(syntax("{\"a\": 01}"), "t.json: not valid JSON: line 1, column 7: numbers cannot have leading zeros")
        XCTAssertEqual(syntax("{\"a\": NaN}"), "t.json: not valid JSON: line 1, column 7: unexpected 'N', expected a value")
        XCTAssertEqual(syntax("{'a': 1}"), "t.json: not valid JSON: line 1, column 2: unexpected ''', expected a key in double quotes")
        XCTAssertEqual(syntax("[1] // c"), "t.json: not valid JSON: line 1, column 5: unexpected '/' after the JSON value")
        XCTAssertEqual(syntax("// c\n[1]"), "t.json: not valid JSON: line 1, column 1: comments are not JSON")
        XCTAssertEqual(syntax("[\"\\ud800\"]"), "t.json: not valid JSON: line 1, column 3: lone surrogate \\uD800")
        XCTAssertEqual(syntax("[\"a\tb\"]"), "t.json: not valid JSON: line 1, column 4: control character 0x09 in a string (escape it)")
        XCTAssertEqual(syntax("[\"a"), "t.json: not valid JSON: line 1, column 2: unterminated string")
        XCTAssertEqual(syntax(""), "t.json: not valid JSON: line 1, column 1: unexpected end of the text, expected a value")
        XCTAssertEqual(syntax(String(repeating: "[", count: 600)), "t.json: not valid JSON: line 1, column 513: nesting deeper than 512 levels")
        XCTAssertEqual(message { _ = try JSONDocument.parse(Data([0x5B, 0x22, 0xFF, 0x22, 0x5D]), source: "t.json") },
                       "t.json: not valid JSON: line 1, column 3: invalid UTF-8 (byte 0xFF)")
    }

    func testDuplicateKeysAreAnError() {
        XCTAssertEqual(syntax("{\"a\": 1,\n \"b\": {\"a\": 2},\n \"a\": 3}"),
                       "t.json: not valid JSON: line 3, column 2: duplicate key 'a' (first at line 1, column 2)")
    }

    func testIntegersAreExact() throws {
        func exact(_ text: String) throws -> UInt64? { JSONDocument.exactUInt64(try JSONDocument.parse(text, source: "t")) }
        XCTAssertEqual(try exact("9007199254740993"), 9_007_199_254_740_993)  // 2^53 + 1: a Double would round it
        XCTAssertEqual(try exact("18446744073709551615"), UInt64.max)
        XCTAssertEqual(try exact("0"), 0)
        for refused in ["18446744073709551616", "-1", "1.0", "1e3", "true", "\"7\""] {
            XCTAssertNil(try exact(refused), refused)
        }
    }

    func testPipelineFilesUseTheParserAndReadSeedsExactly() throws {
        func spec(_ seed: String) throws -> PipelineSpec {
            let text = "{\"seed\": \(seed), \"nodes\": [{\"id\": \"data\", \"type\": \"source\", \"path\": \"x.csv\"}]}"
            return try PipelineSpec(json: Data(text.utf8), file: "p.json", folder: "/tmp")
        }
        XCTAssertEqual(try spec("9007199254740993").seed, 9_007_199_254_740_993)
        XCTAssertNotEqual(try spec("9007199254740993").seed, try spec("9007199254740992").seed)
        XCTAssertEqual(try spec("18446744073709551615").seed, UInt64.max)
        for bad in ["18446744073709551616", "1.5", "-3", "4.0"] {
            XCTAssertEqual(message { _ = try spec(bad) },
                           "p.json: field 'seed' must be a non-negative integer (0 ... 18446744073709551615, written without a fraction or exponent)", bad)
        }
        let duplicate = "{\"nodes\": [{\"id\": \"data\", \"type\": \"source\", \"path\": \"x.csv\", \"path\": \"y.csv\"}]}"
        XCTAssertEqual(message { _ = try PipelineSpec(json: Data(duplicate.utf8), file: "p.json", folder: "/tmp") },
                       "p.json: not valid JSON: line 1, column 62: duplicate key 'path' (first at line 1, column 45)")
    }

    func testRegistryFilesAndParamsUseTheParser() throws {
        let registry = "{\"format\": \"dashost-registry/2\",\n \"libraries\": [],\n}"
        XCTAssertEqual(message { _ = try RegistryDocument(data: Data(registry.utf8), file: "r.json") },
                       "r.json: not valid JSON: line 3, column 1: trailing comma before '}'")
        let schema = try ParamSchema([])
        XCTAssertEqual(message { _ = try schema.validate("{\"k\": 1, \"k\": 2}") },
                       "params are not valid JSON: line 1, column 10: duplicate key 'k' (first at line 1, column 2): {\"k\": 1, \"k\": 2}")
    }

    func testTheStandardGraphKeepsLargeSeedsExactly() throws {
        // `dashost enhance --seed N` goes through the standard graph's JSON: N must survive it.
        let registry = try HostFixtures.fragment(for: try HostFixtures.fakeLibrary())
        for seed: UInt64 in [9_007_199_254_740_993, UInt64.max, 0] {
            var standard = StandardPipeline(detector: "fake_detector", data: "x.npz")
            standard.policy = "fake_policy"
            standard.classifier = "fake_classifier"
            standard.fusion = "fake_fusion"
            standard.seed = seed
            XCTAssertEqual(try standard.spec(registry: registry).seed, seed)
        }
    }
}
