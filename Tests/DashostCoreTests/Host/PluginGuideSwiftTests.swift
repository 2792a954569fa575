import Foundation
import XCTest

/// The plugin guide's Swift sample, built as a third party would: a package of its own depending on
/// `plugin-sdk/` by path (never on the host), then checked by `dashost check`.
final class PluginGuideSwiftTests: XCTestCase {
    func testTheGuidesSwiftSampleBuildsAgainstTheSDKAloneAndPassesCheck() throws {
        let guide = try String(contentsOfFile: HostFixtures.packageRoot + "/docs/plugin-guide.md", encoding: .utf8)
        let blocks = guide.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        XCTAssertFalse(blocks.isEmpty, "the guide has no Swift sample")
        let dir = try HostFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/Sources/GuideSample", withIntermediateDirectories: true)
        try HostFixtures.write("""
            // swift-tools-version: 6.0
            import PackageDescription
            let package = Package(
                name: "guide-sample",
                products: [.library(name: "guide_sample", type: .dynamic, targets: ["GuideSample"])],
                dependencies: [.package(name: "dashost-plugin-sdk", path: "\(HostFixtures.packageRoot)/plugin-sdk")],
                targets: [.target(name: "GuideSample", dependencies: [.product(name: "DashostPluginKit", package: "dashost-plugin-sdk")])],
                swiftLanguageModes: [.v5])
            """, to: "Package.swift", in: dir)
        try HostFixtures.write(blocks.joined(separator: "\n"), to: "Sources/GuideSample/Sample.swift", in: dir)

        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--package-path", dir, "--scratch-path", dir + "/.build"]
        let log = Pipe()
        build.standardOutput = log
        build.standardError = log
        try build.run()
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        build.waitUntilExit()
        XCTAssertEqual(build.terminationStatus, 0, "the guide's Swift sample does not build:\n\(output.suffix(3000))")
        guard build.terminationStatus == 0 else { return }

        let library = dir + "/.build/debug/libguide_sample.so"
        let check = try HostFixtures.dashost(["check", library])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("checking mean_distance 1.0.0 (detector"), check.stdout)
        XCTAssertTrue(check.stdout.contains("checking mean_distance_policy 1.0.0 (policy"), check.stdout)
        XCTAssertTrue(check.stdout.contains(" passed, 0 failed, 0 skipped"), check.stdout)
    }
}
