import CDashostPlugin
@_spi(Testing) import DashostPluginKit
import Foundation
import XCTest

/// `PluginParams`' typed accessors on values as JSONSerialization gives them (the testing mode), and
/// the same accessors reading a host table: defaults, type checks, bounds, choices and messages.
final class PluginParamsTests: XCTestCase {
    private func message(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? PluginError)?.message ?? "not a PluginError: \(error)"
        }
    }

    private func status(_ body: () throws -> Any) -> dashost_status? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? PluginError)?.status
        }
    }

    // MARK: - Testing mode

    func testAbsentAndNullKeysTakeTheDefault() throws {
        let p = try PluginParams(testingJSON: #"{"n": null}"#)
        XCTAssertEqual(try p.double("x", default: 2.5, doc: ""), 2.5)
        XCTAssertEqual(try p.int("n", default: 7, doc: ""), 7)
        XCTAssertEqual(try p.bool("b", default: true, doc: ""), true)
        XCTAssertEqual(try p.string("s", default: "d", doc: ""), "d")
        XCTAssertEqual(try p.choice("c", default: "b", among: ["a", "b"], doc: ""), "b")
        XCTAssertEqual(try p.doubles("w", default: ["a": 1], doc: ""), ["a": 1])
        XCTAssertNil(p.host, "testing params have no host")
    }

    func testValuesAreReadWithTheirTypes() throws {
        let p = try PluginParams(testingJSON: #"{"x": -0.0, "y": 25e-1, "n": 3.0, "t": true, "f": false, "s": "a\"é", "w": {"c": 0.5, "d": 2}}"#)
        XCTAssertEqual(try p.double("x", default: 1, doc: "").sign, .minus)
        XCTAssertEqual(try p.double("y", default: 0, doc: ""), 2.5)
        XCTAssertEqual(try p.int("n", default: 0, doc: ""), 3)
        XCTAssertTrue(try p.bool("t", default: false, doc: ""))
        XCTAssertFalse(try p.bool("f", default: true, doc: ""))
        XCTAssertEqual(try p.string("s", default: "", doc: ""), "a\"é")
        XCTAssertEqual(try p.doubles("w", default: [:], doc: ""), ["c": 0.5, "d": 2])
        // Plain Swift values work as well as JSONSerialization's.
        let q = PluginParams(testing: ["b": true, "i": 4, "d": 0.25, "s": "x"])
        XCTAssertEqual(try q.bool("b", default: false, doc: ""), true)
        XCTAssertEqual(try q.int("i", default: 0, doc: ""), 4)
        XCTAssertEqual(try q.double("d", default: 0, doc: ""), 0.25)
        XCTAssertEqual(try q.string("s", default: "", doc: ""), "x")
    }

    func testWrongTypesAreRefusedNamingTheKey() throws {
        let p = try PluginParams(testingJSON: #"{"t": true, "n": 1, "s": "x", "w": {"k": "v"}, "a": [1]}"#)
        XCTAssertEqual(message { try p.double("t", default: 0, doc: "") }, "parameter 't' must be a number, got 1")
        XCTAssertEqual(message { try p.int("s", default: 0, doc: "") }, "parameter 's' must be a number, got x")
        XCTAssertEqual(message { try p.bool("n", default: false, doc: "") }, "parameter 'n' must be true or false, got 1")
        XCTAssertEqual(message { try p.string("n", default: "", doc: "") }, "parameter 'n' must be a string, got 1")
        XCTAssertEqual(message { try p.doubles("w", default: [:], doc: "") }, "parameter 'w.k' must be a number, got v")
        XCTAssertEqual(message { try p.doubles("a", default: [:], doc: "") }, "parameter 'a' must be an object of numbers")
        XCTAssertEqual(status { try p.bool("n", default: false, doc: "") }, DASHOST_ERR_BAD_PARAMS)
    }

    func testBoundsChoicesAndIntegersAreChecked() throws {
        let p = try PluginParams(testingJSON: #"{"x": 1.5, "n": 3.5, "m": 12, "c": "z", "w": {"a": -1}}"#)
        XCTAssertEqual(message { try p.double("x", default: 0, in: 0...1, doc: "") }, "parameter 'x' = 1.5 is out of range 0.0...1.0")
        XCTAssertEqual(try p.double("x", default: 0, in: 1.5...2, doc: ""), 1.5, "bounds are inclusive")
        XCTAssertEqual(message { try p.int("n", default: 0, doc: "") }, "parameter 'n' must be an integer, got 3.5")
        XCTAssertEqual(message { try p.int("m", default: 0, in: 1...10, doc: "") }, "parameter 'm' = 12 is out of range 1...10")
        XCTAssertEqual(try p.int("m", default: 0, in: 12...12, doc: ""), 12)
        XCTAssertEqual(message { try p.choice("c", default: "a", among: ["a", "b"], doc: "") }, #"parameter 'c' = "z" is not one of a, b"#)
        XCTAssertEqual(message { try p.doubles("w", default: [:], in: 0...Double.infinity, doc: "") },
                       "parameter 'w.a' = -1.0 is out of range 0.0...inf")
        XCTAssertEqual(try p.doubles("w", default: [:], doc: ""), ["a": -1], "unbounded by default")
    }

    func testNumbersAreJSONSerializationsBitForBit() throws {
        for token in ["0", "1", "-2.25", "1e2", "1E-2", "0.1", "0.30000000000000004", "4.9e-324", "1.7976931348623157e308",
                      "9007199254740993", "123456789012345678", "3.14159265358979323846"] {
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(token)]".utf8)) as! [NSNumber]
            let p = try PluginParams(testingJSON: "{\"x\": \(token), \"w\": {\"k\": \(token)}}")
            XCTAssertEqual(try p.double("x", default: .nan, doc: "").bitPattern, parsed[0].doubleValue.bitPattern, token)
            XCTAssertEqual(try p.doubles("w", default: [:], doc: "")["k"]?.bitPattern, parsed[0].doubleValue.bitPattern, token)
        }
    }

    func testTextThatIsNoJSONObjectIsRefused() {
        XCTAssertEqual(message { try PluginParams(testingJSON: "{\"a\": 01}") }, "params are not valid JSON: {\"a\": 01}")
        XCTAssertEqual(message { try PluginParams(testingJSON: "[1]") }, "params must be a JSON object, got: [1]")
        XCTAssertEqual(status { try PluginParams(testingJSON: "{") }, DASHOST_ERR_BAD_PARAMS)
        XCTAssertNoThrow(try PluginParams(testingJSON: " \n"))
        XCTAssertNoThrow(try PluginParams(testingJSON: "{}"))
    }

    func testUnreadKeysAreListed() throws {
        let p = try PluginParams(testingJSON: #"{"a": 1, "b": 2, "typo": 3}"#)
        _ = try p.int("a", default: 0, doc: "")
        _ = try p.int("b", default: 0, doc: "")
        _ = try p.int("absent", default: 0, doc: "")
        XCTAssertEqual(p.unreadKeys, ["typo"])
    }

    // MARK: - Host mode

    func testHostValuesAreReadThroughTheGetters() throws {
        let host = FakeHost(["x": 0.5, "n": 12, "b": true, "s": "rbf", "w": ["classifier": 0.25, "detector": 2.0]])
        defer { withExtendedLifetime(host) {} }
        let p = PluginParams(host: host.pointer)
        XCTAssertEqual(try p.double("x", default: 9, in: 0...1, doc: ""), 0.5, "the host's value, not the default")
        XCTAssertEqual(try p.int("n", default: 0, doc: ""), 12)
        XCTAssertEqual(try p.bool("b", default: false, doc: ""), true)
        XCTAssertEqual(try p.string("s", default: "", doc: ""), "rbf")
        XCTAssertEqual(try p.choice("s", default: "linear", among: ["linear", "rbf"], doc: ""), "rbf")
        XCTAssertEqual(try p.doubles("w", default: [:], doc: ""), ["classifier": 0.25, "detector": 2])
        XCTAssertNotNil(p.host)
        XCTAssertEqual(p.host?.table, host.pointer)
    }

    func testHostValuesStillMeetThePluginsOwnChecks() {
        let host = FakeHost(["x": 2.0, "n": 0, "c": "z", "w": ["a": -1.0]])
        defer { withExtendedLifetime(host) {} }
        let p = PluginParams(host: host.pointer)
        XCTAssertEqual(message { try p.double("x", default: 0, in: 0...1, doc: "") }, "parameter 'x' = 2.0 is out of range 0.0...1.0")
        XCTAssertEqual(message { try p.int("n", default: 1, in: 1...5, doc: "") }, "parameter 'n' = 0 is out of range 1...5")
        XCTAssertEqual(message { try p.choice("c", default: "a", among: ["a"], doc: "") }, #"parameter 'c' = "z" is not one of a"#)
        XCTAssertEqual(message { try p.doubles("w", default: [:], in: 0...1, doc: "") }, "parameter 'w.a' = -1.0 is out of range 0.0...1.0")
    }

    func testAHostRefusalIsABadParamsErrorNamingTheKey() {
        let host = FakeHost(["x": 1])  // an Int: not a DOUBLE parameter for the fake host
        defer { withExtendedLifetime(host) {} }
        let p = PluginParams(host: host.pointer)
        XCTAssertEqual(status { try p.double("x", default: 0, doc: "") }, DASHOST_ERR_BAD_PARAMS)
        XCTAssertEqual(message { try p.double("x", default: 0, doc: "") },
                       "parameter 'x' could not be read as a number (DASHOST_ERR_BAD_PARAMS from the host)")
        XCTAssertEqual(status { try p.string("missing", default: "", doc: "") }, DASHOST_ERR_BAD_PARAMS)
        XCTAssertEqual(status { try p.bool("missing", default: false, doc: "") }, DASHOST_ERR_BAD_PARAMS)
    }

    func testGettersPastTheHostsStructSizeAreAbsent() {
        // A table that ends before param_bool: every getter is treated as missing.
        let short = MemoryLayout<dashost_host>.offset(of: \.param_bool)!
        let host = FakeHost(["b": true], structSize: short)
        defer { withExtendedLifetime(host) {} }
        let p = PluginParams(host: host.pointer)
        XCTAssertEqual(message { try p.bool("b", default: false, doc: "") }, "parameter 'b': the host cannot read true or false")
    }
}
