import DashostCore
import XCTest

/// The loader's error paths, each checked by its message, using the fake plugin library compiled
/// with switches that break its descriptors.
final class LoaderTests: XCTestCase {
    func testMissingFileNamesThePath() {
        HostFixtures.assertError(["/nonexistent/libnothing.so", "not found"]) {
            _ = try PluginLibrary.open(path: "/nonexistent/libnothing.so")
        }
    }

    func testNotASharedObject() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let path = try HostFixtures.write("not an ELF file", to: "libjunk.so", in: dir)
        HostFixtures.assertError(["cannot load plugin library", "libjunk.so"]) { _ = try PluginLibrary.open(path: path) }
    }

    func testMissingEntrySymbol() throws {
        let path = try HostFixtures.fakeLibrary(["FAKE_NO_ENTRY"], name: "noentry")
        HostFixtures.assertError(["libnoentry.so", "does not export the symbol 'dashost_library_entry'"]) {
            _ = try PluginLibrary.open(path: path)
        }
    }

    func testAnABI1PluginIsRefusedNamingItBothVersionsAndTheChangelog() throws {
        let path = try HostFixtures.fakeLibrary(["FAKE_ABI1_ENTRY", #"FAKE_PREFIX="legacy""#], name: "legacy")
        HostFixtures.assertError(["plugin 'legacy_old'", "ABI 1.0", "implements ABI \(ABIVersion.string)", "docs/abi.md#changelog"]) {
            _ = try PluginLibrary.open(path: path)
        }
    }

    func testAFutureABIMajorIsRefused() throws {
        let path = try HostFixtures.fakeLibrary(["FAKE_ABI_MAJOR=99"], name: "future")
        HostFixtures.assertError(["libfuture.so", "ABI 99.0", "implements ABI \(ABIVersion.string)"]) {
            _ = try PluginLibrary.open(path: path)
        }
    }

    func testUnknownKindAndNullFunctionAreRejected() throws {
        let badKind = try HostFixtures.fakeLibrary(["FAKE_DETECTOR_KIND=42", #"FAKE_PREFIX="oddkind""#], name: "oddkind")
        HostFixtures.assertError(["oddkind_detector", "unknown kind 42"]) { _ = try PluginLibrary.open(path: badKind) }
        let nullFit = try HostFixtures.fakeLibrary(["FAKE_NULL_FIT", #"FAKE_PREFIX="nofit""#], name: "nofit")
        HostFixtures.assertError(["nofit_detector", "NULL 'fit' function"]) { _ = try PluginLibrary.open(path: nullFit) }
    }

    func testInvalidNameIsRejected() throws {
        let path = try HostFixtures.fakeLibrary([#"FAKE_PREFIX="Bad Name""#], name: "badname")
        HostFixtures.assertError(["name 'Bad Name_detector' must match"]) { _ = try PluginLibrary.open(path: path) }
    }

    func testWrongKindNamesPluginAndKinds() throws {
        let registry = try HostFixtures.registry()
        let plugin = try registry.load("iforest")
        HostFixtures.assertError(["plugin 'iforest'", "is a detector plugin", "a classifier plugin is required"]) {
            _ = try ClassifierInstance(plugin, seed: 0)
        }
    }

    func testEveryPluginOfALibraryIsReadWithItsSchemaAndLibrariesAreCached() throws {
        let path = try HostFixtures.fakeLibrary()
        let a = try PluginLibrary.open(path: path)
        let b = try PluginLibrary.open(path: path)
        XCTAssertTrue(a === b)
        XCTAssertEqual(a.plugins.map(\.name), ["fake_detector", "fake_policy", "fake_classifier", "fake_fusion"])
        XCTAssertEqual(a.plugins.map(\.kind), [.detector, .policy, .classifier, .fusion])
        let detector = try XCTUnwrap(a.plugin("fake_detector"))
        XCTAssertEqual(detector.version, "2.0.0")
        XCTAssertEqual(detector.defaultPolicy, "fake_policy")
        XCTAssertEqual(detector.abiMajor, ABIVersion.major)
        XCTAssertEqual(detector.schema.specs.map(\.name), ["scale", "exponent"])
        XCTAssertEqual(detector.schema.spec("exponent")?.defaultValue, .int(2))
        XCTAssertEqual(detector.defaultParams, #"{"exponent":2,"scale":1}"#)
    }

    func testThePluginReadsTheParamsTheHostValidated() throws {
        let plugin = try XCTUnwrap(try PluginLibrary.open(path: HostFixtures.fakeLibrary()).plugin("fake_detector"))
        let train = DataMatrix(rows: 3, cols: 1, values: [0, 1, 2])
        let probe = DataMatrix(rows: 1, cols: 1, values: [3])
        func score(_ params: String) throws -> Double {
            let d = try DetectorInstance(plugin, params: params, seed: 0)
            try d.fit(train)
            return try d.score(probe)[0]
        }
        XCTAssertEqual(try score("{}"), 4)                                 // |3 - 1|^2
        XCTAssertEqual(try score(#"{"exponent": 3, "scale": 0.5}"#), 4)   // 0.5 * |3 - 1|^3
        XCTAssertEqual(try score(#"{"exponent": 1.0}"#), 2)
    }

    func testBadParamsAreRefusedByTheHostBeforeCreateNamingPluginAndKey() throws {
        let plugin = try XCTUnwrap(try PluginLibrary.open(path: HostFixtures.fakeLibrary()).plugin("fake_detector"))
        for (params, fragments) in [
            (#"{"exponent": 7}"#, ["parameter 'exponent' = 7 is out of range", "1...4"]),
            (#"{"exponent": 2.5}"#, ["parameter 'exponent' must be an integer, got 2.5"]),
            (#"{"scale": "big"}"#, ["parameter 'scale' must be a finite number, got \"big\""]),
            (#"{"scael": 1}"#, ["unknown parameter 'scael'", "known: scale, exponent"]),
            ("{not json", ["params are not valid JSON"]),
            ("[1]", ["params must be a JSON object"]),
        ] {
            HostFixtures.assertError(["plugin 'fake_detector' create failed (DASHOST_ERR_BAD_PARAMS)"] + fragments) {
                _ = try DetectorInstance(plugin, params: params, seed: 0)
            }
        }
    }

    func testPluginErrorsCarryStatusAndMessage() throws {
        let registry = try HostFixtures.registry()
        let plugin = try registry.load("iforest", kind: .detector)
        let detector = try DetectorInstance(plugin, seed: 1)
        do {
            _ = try detector.score(DataMatrix(rows: 1, cols: 2, values: [0, 0]))
            XCTFail("scoring before fit must fail")
        } catch let error as PluginCallError {
            XCTAssertEqual(error.plugin, "iforest")
            XCTAssertEqual(error.operation, "score")
            XCTAssertEqual(error.statusName, "DASHOST_ERR_NOT_FITTED")
            XCTAssertTrue(error.message.contains("not fitted"), error.message)
        }
    }
}
