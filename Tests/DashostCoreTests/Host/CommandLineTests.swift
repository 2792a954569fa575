import Foundation
import XCTest

/// The `dashost` executable: exit codes and one-line errors for bad input, and the main commands.
final class CommandLineTests: XCTestCase {
    private func dashost(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let exe = HostFixtures.pluginDirectory + "/dashost"
        guard FileManager.default.isExecutableFile(atPath: exe) else { throw FixtureError("\(exe) not built") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: HostFixtures.packageRoot)
        // The registry is chosen by the arguments alone.
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "DASHOST_REGISTRY" }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    func testPluginsListsEveryEntryAsLoading() throws {
        let r = try dashost(["plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let count = try HostFixtures.registry().entries.count
        XCTAssertTrue(r.stdout.contains("\(count) of \(count) plugins load"), r.stdout)
    }

    func testEnhancePrintsBaseAndEnhancedMetrics() throws {
        let r = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("cardio   detector"), r.stdout)
        XCTAssertTrue(r.stdout.contains("cardio   enhanced"), r.stdout)
    }

    func testErrorsAreOneLineWithNonZeroExit() throws {
        let missing = try dashost(["run", "no/such/pipeline.json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "dashost: error: pipeline file 'no/such/pipeline.json' not found or unreadable\n")

        let unknown = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz", "--lamda", "2"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("dashost: unknown option --lamda"), unknown.stderr)

        let badDetector = try dashost(["enhance", "--detector", "isoforest", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(badDetector.status, 1)
        XCTAssertTrue(badDetector.stderr.contains("no plugin named 'isoforest'"), badDetector.stderr)

        let badCommand = try dashost(["frobnicate"])
        XCTAssertEqual(badCommand.status, 2)
        XCTAssertTrue(badCommand.stderr.contains("unknown command 'frobnicate'"))
    }

    func testCheckPrintsOneLinePerCheckAndASummary() throws {
        let r = try dashost(["check", HostFixtures.pluginDirectory + "/libdashost_minmax_sum.so"])
        XCTAssertEqual(r.status, 0, r.stdout)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertTrue(lines.dropFirst().dropLast().allSatisfy { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") })
        XCTAssertTrue(lines.last!.hasSuffix("passed, 0 failed"))
    }

    // MARK: Options and help

    /// Every command's options, as its help must list them (the registry options where it reads the registry).
    private static let registryOptions = ["--registry", "--plugin-path"]
    private static let commandOptions: [(command: String, options: [String])] = [
        ("plugins", registryOptions),
        ("run", ["--out", "--verbose"] + registryOptions),
        ("enhance", ["--detector", "--data", "--label", "--policy", "--classifier", "--fusion", "--lambda", "--ratio", "--seed",
                     "--out", "--metrics", "--chunk-rows", "--print-pipeline", "--verbose"] + registryOptions),
        ("check", ["--params"]),
        ("describe", registryOptions),
        ("bench", ["--data", "--out", "--detectors", "--configs", "--seeds", "--datasets", "--detector-params", "--quiet"]
            + registryOptions),
    ]

    /// Whether `text` names `option` as a word (so `--data` is not found in `--datasets`).
    private func mentions(_ text: String, _ option: String) -> Bool {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "[" || $0 == "]" || $0 == "," || $0 == "=" })
            .contains { $0 == option || $0 == option + "..." }
    }

    func testHelpOfEveryCommandListsEveryOptionAndExitsZero() throws {
        for (command, options) in Self.commandOptions {
            for help in ["--help", "-h"] {
                let r = try dashost([command, help])
                XCTAssertEqual(r.status, 0, "\(command) \(help): \(r.stderr)")
                XCTAssertEqual(r.stderr, "", "\(command) \(help)")
                XCTAssertTrue(r.stdout.hasPrefix("Usage: dashost \(command)"), "\(command) \(help): \(r.stdout)")
                for option in options + ["--help", "-h"] {
                    XCTAssertTrue(mentions(r.stdout, option), "\(command) \(help) does not list \(option):\n\(r.stdout)")
                }
            }
        }
        // `dashost help COMMAND` is the same text; help wins over anything else on the line.
        let enhance = try dashost(["enhance", "--help"])
        XCTAssertEqual(try dashost(["help", "enhance"]).stdout, enhance.stdout)
        let mixed = try dashost(["enhance", "--detector", "iforest", "--lamda", "2", "-h"])
        XCTAssertEqual(mixed.status, 0, mixed.stderr)
        XCTAssertEqual(mixed.stdout, enhance.stdout)
    }

    func testHelpShowsTheDefaults() throws {
        let enhance = try dashost(["enhance", "--help"]).stdout
        XCTAssertTrue(enhance.contains("(default: 0.1)"), enhance)  // --ratio: StandardPipeline's
        XCTAssertTrue(enhance.contains("(default: 42)"), enhance)   // --seed
        XCTAssertTrue(enhance.contains("(required)"), enhance)
        let bench = try dashost(["bench", "--help"]).stdout
        XCTAssertTrue(bench.contains("(default: 42,0,100)"), bench)
        XCTAssertTrue(bench.contains("(default: base,enhanced)"), bench)
    }

    func testTopLevelHelpListsEveryCommand() throws {
        for help in [["--help"], ["-h"], ["help"]] {
            let r = try dashost(help)
            XCTAssertEqual(r.status, 0, r.stderr)
            for (command, _) in Self.commandOptions {
                XCTAssertTrue(r.stdout.contains("dashost \(command)"), "\(help) lacks \(command):\n\(r.stdout)")
            }
            for option in Self.registryOptions { XCTAssertTrue(mentions(r.stdout, option), "\(help) lacks \(option)") }
        }
    }

    func testUsageErrorsPointToTheCommandsHelp() throws {
        let unknown = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz", "--lamda", "2"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("dashost: unknown option --lamda (did you mean --lambda?)"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("dashost enhance --help"), unknown.stderr)

        let missingValue = try dashost(["enhance", "--data", "examples/data/cardio.npz", "--detector"])
        XCTAssertEqual(missingValue.status, 2)
        XCTAssertTrue(missingValue.stderr.contains("option --detector needs a value"), missingValue.stderr)
        XCTAssertTrue(missingValue.stderr.contains("--help"), missingValue.stderr)

        // An option where a value should be is a missing value, not the value.
        let swallowed = try dashost(["enhance", "--detector", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(swallowed.status, 2)
        XCTAssertTrue(swallowed.stderr.contains("option --detector needs a value"), swallowed.stderr)

        let required = try dashost(["enhance", "--data", "examples/data/cardio.npz"])
        XCTAssertEqual(required.status, 2)
        XCTAssertTrue(required.stderr.contains("missing required option --detector"), required.stderr)

        let flagValue = try dashost(["run", "x.json", "--verbose=yes"])
        XCTAssertEqual(flagValue.status, 2)
        XCTAssertTrue(flagValue.stderr.contains("option --verbose takes no value"), flagValue.stderr)

        let positional = try dashost(["plugins", "extra"])
        XCTAssertEqual(positional.status, 2)
        XCTAssertTrue(positional.stderr.contains("plugins takes no arguments"), positional.stderr)
        XCTAssertTrue(positional.stderr.contains("dashost plugins --help"), positional.stderr)

        let checkArity = try dashost(["check"])
        XCTAssertEqual(checkArity.status, 2)
        XCTAssertTrue(checkArity.stderr.contains("check takes PLUGIN.so"), checkArity.stderr)
    }
}
