import DashostCore
import XCTest

/// The loader's error paths, each checked by its message, using C plugins compiled on the fly.
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
        let path = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(exportEntry: false), name: "noentry")
        HostFixtures.assertError(["libnoentry.so", "does not export the symbol 'dashost_plugin_entry'"]) {
            _ = try PluginLibrary.open(path: path)
        }
    }

    func testWrongABIMajorNamesPluginAndBothVersions() throws {
        let path = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(name: "future", abiMajor: "99"), name: "future")
        HostFixtures.assertError(["plugin 'future'", "ABI 99.0", "implements ABI \(ABIVersion.string)"]) {
            _ = try PluginLibrary.open(path: path)
        }
    }

    func testUnknownKindAndNullFunctionAreRejected() throws {
        let badKind = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(name: "oddkind", kind: "(dashost_kind)42"), name: "oddkind")
        HostFixtures.assertError(["oddkind", "unknown kind 42"]) { _ = try PluginLibrary.open(path: badKind) }
        let nullFit = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(name: "nofit", fitFunction: "NULL"), name: "nofit")
        HostFixtures.assertError(["nofit", "NULL 'fit' function"]) { _ = try PluginLibrary.open(path: nullFit) }
    }

    func testInvalidNameIsRejected() throws {
        let path = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(name: "Bad Name"), name: "badname")
        HostFixtures.assertError(["name 'Bad Name' must match"]) { _ = try PluginLibrary.open(path: path) }
    }

    func testWrongKindNamesPluginAndKinds() throws {
        let registry = try HostFixtures.registry()
        let library = try registry.load("iforest")
        HostFixtures.assertError(["plugin 'iforest'", "is a detector plugin", "a classifier plugin is required"]) {
            _ = try ClassifierInstance(library, seed: 0)
        }
    }

    func testDescriptorIsReadAndLibrariesAreCached() throws {
        let path = try HostFixtures.compilePlugin(HostFixtures.fakeDetector(name: "fine"), name: "fine")
        let a = try PluginLibrary.open(path: path)
        let b = try PluginLibrary.open(path: path)
        XCTAssertTrue(a === b)
        XCTAssertEqual(a.name, "fine")
        XCTAssertEqual(a.version, "1.0.0")
        XCTAssertEqual(a.kind, .detector)
        XCTAssertEqual(a.abiMajor, ABIVersion.major)
    }

    func testPluginErrorsCarryStatusAndMessage() throws {
        let registry = try HostFixtures.registry()
        let library = try registry.load("iforest", kind: .detector)
        let detector = try DetectorInstance(library, seed: 1)
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
