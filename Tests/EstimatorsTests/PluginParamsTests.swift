import DashostEstimators
import DashostPluginKit
import Foundation
import XCTest

/// `PluginParams` reads its JSON with a hand-written parser; it must accept exactly what the
/// JSONSerialization-based reading it replaced accepted, give the same values and the same messages.
final class PluginParamsTests: XCTestCase {
    /// The reading it replaced: trimmed text, JSONSerialization with fragments, then an object.
    private enum Reference {
        case object([String: Any])
        case error(String)
    }

    private func reference(_ json: String) -> Reference {
        let text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text == "{}" { return .object([:]) }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return .error("params are not valid JSON: \(text.prefix(200))")
        }
        guard let object = parsed as? [String: Any] else { return .error("params must be a JSON object, got: \(text.prefix(200))") }
        return .object(object)
    }

    private func message(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? PluginError)?.message ?? "not a PluginError: \(error)"
        }
    }

    private func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    /// Checks one text against the reference: same acceptance, and every value read back equal (numbers
    /// bit for bit), or the same message where the old reading refused it.
    private func assertSameAsReference(_ json: String, file: StaticString = #filePath, line: UInt = #line) {
        switch reference(json) {
        case .error(let expected):
            XCTAssertEqual(message { try PluginParams(json: json) }, expected, "text \(json.debugDescription)", file: file, line: line)
        case .object(let object):
            let params: PluginParams
            do {
                params = try PluginParams(json: json)
            } catch {
                return XCTFail("refused \(json.debugDescription): \(error)", file: file, line: line)
            }
            for (key, value) in object {
                let context = "key \(key.debugDescription) of \(json.debugDescription)"
                switch value {
                case let n as NSNumber where isBoolean(n):
                    XCTAssertEqual(try params.bool(key, default: !n.boolValue), n.boolValue, context, file: file, line: line)
                    XCTAssertEqual(message { try params.double(key, default: 0) }, "parameter '\(key)' must be a number, got \(value)",
                                   context, file: file, line: line)
                case let n as NSNumber:
                    let read = try? params.double(key, default: .nan, in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
                    XCTAssertEqual(read?.bitPattern, n.doubleValue.bitPattern, context, file: file, line: line)
                    XCTAssertEqual(message { try params.string(key, default: "") }, "parameter '\(key)' must be a string, got \(value)",
                                   context, file: file, line: line)
                case let s as String:
                    XCTAssertEqual(try params.string(key, default: ""), s, context, file: file, line: line)
                    XCTAssertEqual(message { try params.bool(key, default: false) }, "parameter '\(key)' must be true or false, got \(value)",
                                   context, file: file, line: line)
                case is NSNull:
                    // null means "use the default".
                    XCTAssertEqual(try params.string(key, default: "default"), "default", context, file: file, line: line)
                case let members as [String: Any]:
                    if members.values.allSatisfy({ ($0 as? NSNumber).map { !isBoolean($0) } ?? false }) {
                        let read = try? params.doubles(key, default: [:])
                        XCTAssertEqual(read?.mapValues(\.bitPattern), members.mapValues { ($0 as! NSNumber).doubleValue.bitPattern },
                                       context, file: file, line: line)
                    } else if members.count == 1, let (name, member) = members.first {
                        XCTAssertEqual(message { try params.doubles(key, default: [:]) },
                                       "parameter '\(key).\(name)' must be a number, got \(member)", context, file: file, line: line)
                    }
                default:  // arrays
                    XCTAssertEqual(message { try params.string(key, default: "") }, "parameter '\(key)' must be a string, got \(value)",
                                   context, file: file, line: line)
                    XCTAssertEqual(message { try params.doubles(key, default: [:]) }, "parameter '\(key)' must be an object of numbers",
                                   context, file: file, line: line)
                }
            }
        }
    }

    func testNumbersAsJSONSerializationGivesThem() throws {
        let tokens = ["0", "-0", "-0.0", "0.0", "1", "-1", "10", "1.0", "1.5", "-2.25", "1e2", "1E2", "1e+2", "1E-2", "1e0001",
                      "0.1", "0.3", "2.5e-5", "1e-400", "4.9e-324", "2.4e-324", "2.2250738585072011e-308", "1.7976931348623157e308",
                      "12345678901234567", "9007199254740993", "123456789012345678", "9223372036854775807", "18446744073709551615",
                      "18446744073709551616", "-9223372036854775807", "-9223372036854775808", "100000000000000000000",
                      "1.2345678901234567", "0.30000000000000004", "3.14159265358979323846", "1.00000000000000000000001",
                      "123456789012345678901234567890.5", "0.1000000000000000055511151231257827", "1.000000000000000000",
                      "1.5E300", "1.23456789012345678E5", "1.23456789012345678e5", "-1.5e-7", "5e-324", "0e5", "-0e-0"]
        for token in tokens {
            assertSameAsReference("{\"x\": \(token)}")
            assertSameAsReference("{\"w\": {\"a\": \(token), \"b\": 1}}")
        }
        // Hand-checked values, so the reference itself is pinned down too.
        XCTAssertEqual(try PluginParams(json: #"{"x": -0}"#).double("x", default: 1).sign, .plus)
        XCTAssertEqual(try PluginParams(json: #"{"x": -0.0}"#).double("x", default: 1).sign, .minus)
        XCTAssertEqual(try PluginParams(json: #"{"x": 25e-1}"#).double("x", default: 0), 2.5)
        XCTAssertEqual(try PluginParams(json: #"{"n": 3.0}"#).int("n", default: 0), 3)
    }

    func testStringsWithEscapes() throws {
        let p = try PluginParams(json: #"{"s": "a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\u00E9\ud83d\ude00\u0000z", "raw": "é😀 x"}"#)
        XCTAssertEqual(try p.string("s", default: ""), "a\"b\\c/d\u{08}e\u{0C}f\ng\rh\tiéé😀\u{0}z")
        XCTAssertEqual(try p.string("raw", default: ""), "é😀 x")
        for text in [#"{"s": "plain"}"#, #"{"s": ""}"#, #"{"s": "\u0041\u00e9\uD83D\uDE00"}"#, #"{"s": "\"\\"}"#, "{\"s\": \"\u{7F}\"}",
                     #"{"a\"b": 1}"#, #"{"é": "ü"}"#] {
            assertSameAsReference(text)
        }
    }

    func testBooleansNullsAndNestedValues() throws {
        let p = try PluginParams(json: #"{"t": true, "f": false, "n": null, "a": [1, [2, {"b": null}], "x"], "o": {"k": [true]}, "w": {"c": 0.5}}"#)
        XCTAssertTrue(try p.bool("t", default: false))
        XCTAssertFalse(try p.bool("f", default: true))
        XCTAssertEqual(try p.double("n", default: 7), 7)
        XCTAssertEqual(try p.doubles("w", default: [:]), ["c": 0.5])
        XCTAssertEqual(message { try p.double("t", default: 0) }, "parameter 't' must be a number, got 1")
        XCTAssertEqual(message { try p.bool("a", default: false) }, #"parameter 'a' must be true or false, got [1, [2, ["b": <null>]], "x"]"#)
        XCTAssertEqual(message { try p.doubles("o", default: [:]) }, "parameter 'o.k' must be a number, got [1]")
        for text in [#"{"t": true, "f": false}"#, #"{"n": null}"#, #"{"a": [1, 2.5, "x", null, true, [], {}]}"#,
                     #"{"o": {"k": "v"}}"#, #"{"o": {"k": null}}"#, #"{"o": {}}"#, #"{"deep": [[[[[[1]]]]]]}"#] {
            assertSameAsReference(text)
        }
    }

    func testAcceptedQuirksOfTheFormerReader() {
        let texts = [
            "", "{}", "{ }", " {} ", "\n\t{\"a\": 1}\r\n", "{\"a\":1,}", "{\"a\": [1, 2,]}", "{\"a\": 1, \"a\": 2}",
            "\u{FEFF}{\"a\": 1}", "\u{00A0}{\"a\": 1}\u{2028}", "{\r\n\t\"a\" : 1 }", "{\"\": 1}",
            "{\"a\":" + String(repeating: "[", count: 511) + String(repeating: "]", count: 511) + "}",
            "{\"a\":" + String(repeating: "[", count: 512) + String(repeating: "]", count: 512) + "}",
        ]
        for text in texts { assertSameAsReference(text) }
        XCTAssertEqual(try PluginParams(json: "{\"a\": 1, \"a\": 2}").double("a", default: 0), 2)
    }

    func testMalformedTextIsRefusedWithTheSameMessage() {
        let texts = [
            "{", "}", "{\"a\"}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1 \"b\":2}", "{,}", "{\"a\":1,,}", "{'a':1}", "{a:1}",
            "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":1}//", "/*c*/{}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.}", "{\"a\":.5}",
            "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":1.5.2}", "{\"a\":1e5.0}", "{\"a\":--1}", "{\"a\":-}",
            "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e400}", "{\"a\":-1e400}", "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}",
            "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u00\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}",
            "{\"a\":\"\\ud83d\\u0041\"}", "{\"a\":\"a\tb\"}", "{\"a\":\"a\nb\"}", "{\"a\":\"\u{1F}\"}", "{\"a\":[1 2]}", "{\"a\":[,]}",
            "{\"a\":[1,,2]}", "{\"a\":\u{0C}1}", "{\"a\":1}\u{0}", "{\u{0}}", "{\"a\":\"é\u{0}\"}",
            "{\"a\":" + String(repeating: "[", count: 513) + String(repeating: "]", count: 513) + "}",
            String(repeating: "x", count: 300),
        ]
        for text in texts { assertSameAsReference(text) }
        XCTAssertEqual(message { try PluginParams(json: "{\"a\": 01}") }, "params are not valid JSON: {\"a\": 01}")
    }

    func testTopLevelValuesOtherThanObjectsAreRefused() {
        for text in ["3", "-0.5", "\"s\"", "true", "null", "[1, 2]", "[]", " [ ] "] { assertSameAsReference(text) }
        XCTAssertEqual(message { try PluginParams(json: "[1]") }, "params must be a JSON object, got: [1]")
    }

    /// Random edits of realistic params texts: whatever the old reader said, the new one says too.
    func testRandomEditsAgreeWithTheFormerReader() {
        let seeds = [#"{"weights": {"classifier": 0.5, "detector": 1e-3}, "unscaled": "classifier", "upper_quantile": 0.99}"#,
                     #"{"n_estimators": 100, "max_features": "sqrt", "bootstrap": true, "gamma": null, "list": [1, -2.5e3, "a\"b"]}"#,
                     #"{"s": "\u00e9\ud83d\ude00\n", "x": -0, "y": 12345678901234567890, "z": [{}, [], {"k": [null]}]}"#]
        let alphabet = Array("{}[]:,\"\\ \t\n0123456789-+.eEtruefalsnlx\u{7F}é/u")
        var rng = SeededGenerator(seed: 17)
        for trial in 0..<3000 {
            var chars = Array(seeds[trial % seeds.count])
            for _ in 0..<(1 + rng.nextInt(below: 3)) {
                let at = rng.nextInt(below: chars.count + 1)
                switch rng.nextInt(below: 3) {
                case 0: chars.insert(alphabet[rng.nextInt(below: alphabet.count)], at: at)
                case 1: if at < chars.count { chars.remove(at: at) }
                default: if at < chars.count { chars[at] = alphabet[rng.nextInt(below: alphabet.count)] }
                }
            }
            assertSameAsReference(String(chars))
        }
    }
}
