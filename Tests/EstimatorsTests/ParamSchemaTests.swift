import CDashostPlugin
import DashostPluginKit
import Foundation
import XCTest

/// The parameter schema an export records from a type's `init`, in Swift and in its C form.
final class ParamSchemaTests: XCTestCase {
    private static let detector = ExportedPlugin.detector(MeanDistanceDetector.self, name: "mean_distance", version: "2.0.0",
                                                          summary: "test", description: "a test detector", defaultPolicy: "scaling")
    private var detector: ExportedPlugin { Self.detector }
    /// Held for the process's lifetime, as a library holds its export (its descriptors are never freed).
    private static let library = PluginLibraryExport([detector])

    func testEveryAccessorRecordsOneEntryInReadingOrder() throws {
        XCTAssertNil(detector.schemaError)
        XCTAssertEqual(detector.params.map(\.name), ["offset", "count", "any", "share", "flag", "label", "mode", "weights"],
                       "a key read twice is recorded once, where it was first read")
        let byName = Dictionary(uniqueKeysWithValues: detector.params.map { ($0.name, $0) })
        XCTAssertEqual(byName["offset"], ParamSpec(name: "offset", type: .double, doc: "added to every score", defaultValue: "0.0",
                                                   minimum: -.infinity, maximum: .infinity))
        XCTAssertEqual(byName["count"], ParamSpec(name: "count", type: .int, doc: "an int bounded below only", defaultValue: "20",
                                                  minimum: 1, maximum: .infinity))
        XCTAssertEqual(byName["any"]?.defaultValue, "-3")
        XCTAssertEqual(byName["any"]?.minimum, -.infinity, "Int.min is unbounded")
        XCTAssertEqual(byName["share"].map { [$0.minimum, $0.maximum] }, [0, 1])
        XCTAssertEqual(byName["flag"]?.type, .bool)
        XCTAssertEqual(byName["flag"]?.defaultValue, "true")
        XCTAssertEqual(byName["label"]?.defaultValue, #""a \"quoted\"\\path\n""#, "a JSON string literal")
        XCTAssertNil(byName["label"]?.choices)
        XCTAssertEqual(byName["mode"]?.choices, ["fast", "exact"])
        XCTAssertEqual(byName["mode"]?.defaultValue, "\"fast\"")
        XCTAssertEqual(byName["weights"]?.type, .weights)
        XCTAssertEqual(byName["weights"]?.defaultValue, #"{"a": 0.5, "z": 2.0}"#, "sorted keys")
        XCTAssertEqual(byName["weights"]?.minimum, 0)
    }

    func testDefaultsAreValidJSONLiterals() throws {
        for spec in detector.params {
            let parsed = try? JSONSerialization.jsonObject(with: Data("[\(spec.defaultValue)]".utf8))
            XCTAssertNotNil(parsed, "\(spec.name): \(spec.defaultValue)")
        }
    }

    func testTheCSchemaMatches() throws {
        let library = Self.library
        let d = library.descriptor.assumingMemoryBound(to: dashost_library_descriptor.self).pointee.plugins[0]!.pointee
        XCTAssertEqual(Int(d.param_count), detector.params.count)
        for (i, spec) in detector.params.enumerated() {
            let c = d.params[i]!.pointee
            XCTAssertEqual(Int(c.struct_size), MemoryLayout<dashost_param_spec>.size)
            XCTAssertEqual(c.type, spec.type.cValue)
            XCTAssertEqual(String(cString: c.name), spec.name)
            XCTAssertEqual(String(cString: c.doc), spec.doc)
            XCTAssertEqual(String(cString: c.default_value), spec.defaultValue)
            XCTAssertEqual(c.minimum, spec.minimum)
            XCTAssertEqual(c.maximum, spec.maximum)
            if let choices = spec.choices {
                let list = try XCTUnwrap(c.choices)
                XCTAssertEqual((0..<choices.count).map { String(cString: list[$0]!) }, choices)
                XCTAssertNil(list[choices.count], "NULL-terminated")
            } else {
                XCTAssertNil(c.choices)
            }
        }
        XCTAssertEqual(ParamSpec.ValueType.weights.cValue, UInt32(DASHOST_PARAM_WEIGHTS))
        XCTAssertEqual(ParamSpec.ValueType.bool.cValue, UInt32(DASHOST_PARAM_BOOL))
    }

    func testAKeyReadWithTwoTypesIsASchemaError() {
        let plugin = ExportedPlugin.fusion(ConflictingParamsFusion.self, name: "conflict", version: "1", summary: "", description: "")
        XCTAssertEqual(plugin.schemaError, "parameter 'x' is read both as double and as string")
        XCTAssertEqual(plugin.params.map(\.name), ["x"])
    }

    func testInitFailingOnItsDefaultsIsASchemaError() {
        let plugin = ExportedPlugin.classifier(BrokenDefaultsClassifier.self, name: "broken", version: "1", summary: "", description: "")
        XCTAssertEqual(plugin.schemaError, "no good defaults")
        XCTAssertEqual(plugin.params.map(\.name), ["depth"], "what was read before the failure")
    }
}
