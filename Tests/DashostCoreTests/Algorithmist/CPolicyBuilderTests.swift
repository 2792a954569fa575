@_spi(Testing) import DashostCore
import Foundation
import XCTest

/// A C policy program becomes a plugin library: the host's entry around it, the SDK header alone.
final class CPolicyBuilderTests: XCTestCase {
    private func builder() throws -> CPolicyBuilder {
        try CPolicyBuilder(includeFolder: HostFixtures.packageRoot + "/plugin-sdk/include")
    }

    func testABuiltProgramIsAnUntrustedPolicyWithTheHostsIdentity() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)  // an untrusted library is opened only by a sandboxed scanner
        let dir = try HostFixtures.temporaryDirectory()
        let identity = PolicyIdentity(name: "knn_policy_7", summary: "a \"quoted\" summary", description: "Seeds: borderline.\nMoves: half a spread. 50% ??= odd")
        try builder().build(source: PolicyPrograms.goodC, identity: identity, library: dir + "/libpolicy.so")
        let fragment = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [{"library": "libpolicy.so", "trust": "untrusted"}]}"#,
                                              to: "registry.json", in: dir)
        let registry = try Registry(files: [fragment], environment: [:])
        let entry = try registry.entry("knn_policy_7", kind: .policy)
        XCTAssertEqual(entry.summary, identity.summary)
        XCTAssertEqual(entry.description, identity.description)
        XCTAssertEqual(entry.trust, .sandbox)
    }

    func testACompilerErrorCarriesTheCompilersMessage() throws {
        let dir = try HostFixtures.temporaryDirectory()
        HostFixtures.assertError(["the C compiler rejected the program", "undeclared_helper"]) {
            try builder().build(source: PolicyPrograms.brokenC, identity: PolicyIdentity(name: "x", summary: "", description: ""),
                                library: dir + "/libpolicy.so")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/libpolicy.so"))
    }

    func testIncludesArePlainHeaderNamesOnly() throws {
        for line in ["#include \"/etc/passwd\"", "#include </etc/shadow>", "# include \"../secret.h\"", "#embed \"key\""] {
            HostFixtures.assertError(["line 1", "include only \"dashost_plugin.h\""]) {
                try CPolicyBuilder.checkIncludes(line + "\nint x;")
            }
        }
        XCTAssertNoThrow(try CPolicyBuilder.checkIncludes("#include \"dashost_plugin.h\"\n#include <math.h>\n#include <sys/types.h>\n#define X 1"))
    }

    func testCStringLiteralsEscapeEverythingButPrintableASCII() {
        XCTAssertEqual(CPolicyBuilder.cString("a\"b\\c?\nü"), #""a\"b\\c\?\012\303\274""#)
    }
}
