import Foundation
import XCTest

/// `dashost plugins` opens every library in a child process first, so one that crashes the loader
/// is a FAILED line and the listing goes on.
final class ScannerTests: XCTestCase {
    func testATruncatedLibraryIsListedAsFailedAndTheOthersAsOk() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: HostFixtures.pluginDirectory + "/libdashost_lof.so"))
        try whole.prefix(20_000).write(to: URL(fileURLWithPath: dir + "/libtruncated.so"))
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["libtruncated.so"]}"#, to: "registry.json", in: dir)
        let r = try HostFixtures.dashost(["plugins", "--registry", file])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("FAILED: \(file): libraries[0] ('libtruncated.so'): "), r.stdout)
        XCTAssertTrue(r.stdout.contains("crashed the library scanner (signal") || r.stdout.contains("cannot load plugin library"), r.stdout)
        let count = try HostFixtures.registry().entries.count
        XCTAssertTrue(r.stdout.contains("\(count) plugins load, 1 problem"), r.stdout)
    }

    /// An untrusted library is opened in a child first by every command, not only by `plugins`.
    func testAnUntrustedTruncatedLibraryIsAnErrorForARunNotACrash() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        let dir = try HostFixtures.temporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: HostFixtures.pluginDirectory + "/libdashost_lof.so"))
        try whole.prefix(20_000).write(to: URL(fileURLWithPath: dir + "/libtruncated.so"))
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [{"library": "libtruncated.so", "trust": "untrusted"}]}"#,
                                          to: "registry.json", in: dir)
        let r = try HostFixtures.dashost(["enhance", "--registry", file, "--detector", "iforest", "--data", HostFixtures.cardio])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("dashost: error: \(file): libraries[0] ('libtruncated.so'): "), r.stderr)
    }

    /// A plugin the sandboxed scanner described is the plugin the host would have opened: every
    /// built-in library listed untrusted gives the same `describe` (identity, schema, defaults, text).
    func testAnUntrustedLibraryIsDescribedExactlyAsItLoads() throws {
        try SanitizerRun.skipIfSanitized(SanitizerRun.sandbox)
        try HostFixtures.requireBuiltPlugins()
        let dir = try HostFixtures.temporaryDirectory()
        let libraries = try FileManager.default.contentsOfDirectory(atPath: HostFixtures.pluginDirectory)
            .filter { $0.hasPrefix("libdashost_") && $0.hasSuffix(".so") }.sorted()
        XCTAssertGreaterThanOrEqual(libraries.count, 10)
        let list = libraries.map { #"{"library": "\#(HostFixtures.pluginDirectory)/\#($0)", "trust": "untrusted"}"# }.joined(separator: ", ")
        let untrusted = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [\#(list)]}"#, to: "u.json", in: dir)
        let trusted = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": [\#(list.replacingOccurrences(of: #""trust": "untrusted""#, with: #""trust": "trusted""#))]}"#,
                                             to: "t.json", in: dir)
        for name in ["iforest", "lof", "ocsvm", "random_forest", "robust_sum", "gaussian_noise_policy"] {
            let loaded = try HostFixtures.dashost(["describe", name, "--no-builtin", "--registry", trusted])
            let described = try HostFixtures.dashost(["describe", name, "--no-builtin", "--registry", untrusted])
            XCTAssertEqual(described.status, 0, described.stderr)
            XCTAssertGreaterThan(loaded.stdout.count, 200)
            XCTAssertEqual(described.stdout, loaded.stdout, name)
        }
    }
}
