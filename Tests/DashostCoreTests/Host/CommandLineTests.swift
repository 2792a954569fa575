import Foundation
import XCTest

/// The `dashost` executable: exit codes and one-line errors for bad input, and the main commands.
final class CommandLineTests: XCTestCase {
    private func dashost(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try HostFixtures.dashost(arguments)
    }

    func testPluginsListsEveryEntryAsLoading() throws {
        let r = try dashost(["plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let count = try HostFixtures.registry().entries.count
        XCTAssertTrue(r.stdout.contains("\(count) plugins load, 0 problems"), r.stdout)
    }

    func testACommandGroupListsItsActions() throws {
        for line in [["policy", "--help"], ["help", "policy"]] {
            let r = try dashost(line)
            XCTAssertEqual(r.status, 0, r.stderr)
            for action in ["policy prompt", "policy generate", "policy install"] { XCTAssertTrue(r.stdout.contains("dashost " + action), r.stdout) }
        }
        let bare = try dashost(["policy"])
        XCTAssertEqual(bare.status, 2)
        XCTAssertTrue(bare.stderr.contains("'policy' needs one of: prompt, generate, install"), bare.stderr)
        let unknown = try dashost(["policy", "make"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown command 'policy make'"), unknown.stderr)
    }

    func testPluginsListsAProblemWithoutHidingTheRest() throws {
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["libmissing.so"]}"#,
                                          to: "registry.json", in: try HostFixtures.temporaryDirectory())
        let r = try dashost(["plugins", "--registry", file])
        XCTAssertEqual(r.status, 1)
        let count = try HostFixtures.registry().entries.count
        XCTAssertTrue(r.stdout.contains("\(count) plugins load, 1 problem"), r.stdout)
        XCTAssertTrue(r.stdout.contains("FAILED: \(file): libraries[0] ('libmissing.so'): plugin library 'libmissing.so' not found"), r.stdout)
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
        let r = try dashost(["check", HostFixtures.pluginDirectory + "/libdashost_fusion.so"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let lines = r.stdout.split(separator: "\n")
        // Every plugin of the library, each with its checks, then one summary.
        XCTAssertEqual(lines.filter { $0.hasPrefix("checking ") }.count, 4, r.stdout)
        XCTAssertTrue(lines.dropLast().allSatisfy { $0.hasPrefix("checking ") || $0.hasPrefix("PASS") }, r.stdout)
        let summary = try XCTUnwrap(lines.last)
        XCTAssertTrue(summary.hasPrefix("check: ") && summary.hasSuffix("passed, 0 failed, 0 skipped"), String(summary))
    }

    // MARK: Options and help

    /// Every command's options, as its help must list them (the registry options where it reads the registry).
    private static let registryOptions = ["--registry", "--no-builtin", "--plugin-path"]
    private static let commandOptions: [(command: String, options: [String])] = [
        ("plugins", registryOptions),
        ("run", ["--out", "--verbose"] + registryOptions),
        ("enhance", ["--detector", "--data", "--label", "--policy", "--classifier", "--fusion", "--lambda", "--ratio", "--seed",
                     "--out", "--metrics", "--chunk-rows", "--detector-params", "--policy-params", "--classifier-params",
                     "--fusion-params", "--print-pipeline", "--verbose"] + registryOptions),
        ("check", ["--plugin", "--params"]),
        ("describe", registryOptions),
        ("bench", ["--data", "--out", "--detectors", "--configs", "--seeds", "--datasets", "--detector-params", "--quiet"]
            + registryOptions),
        ("testbed", ["--data", "--label", "--type", "--seed", "--out", "-o"]),
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

        let flagValue = try dashost(["plugins", "--no-builtin=yes"])
        XCTAssertEqual(flagValue.status, 2)
        XCTAssertTrue(flagValue.stderr.contains("option --no-builtin takes no value"), flagValue.stderr)

        let positional = try dashost(["plugins", "extra"])
        XCTAssertEqual(positional.status, 2)
        XCTAssertTrue(positional.stderr.contains("plugins takes no arguments"), positional.stderr)
        XCTAssertTrue(positional.stderr.contains("dashost plugins --help"), positional.stderr)

        let checkArity = try dashost(["check"])
        XCTAssertEqual(checkArity.status, 2)
        XCTAssertTrue(checkArity.stderr.contains("check takes LIBRARY.so"), checkArity.stderr)
    }

    // MARK: enhance --*-params

    /// `enhance --print-pipeline` with `extra`: the pipeline's nodes by id.
    private func printedNodes(_ extra: [String]) throws -> [String: [String: Any]] {
        let r = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz", "--print-pipeline"] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let nodes = try XCTUnwrap(json?["nodes"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: nodes.map { ($0["id"] as! String, $0) })
    }

    /// The standard graph's node id of each role.
    private static let roleNodes = [("detector", "detector"), ("policy", "policy"), ("classifier", "classifier"),
                                    ("fusion", "enhanced")]

    func testEachParamsOptionReachesItsNode() throws {
        for (role, node) in Self.roleNodes {
            let nodes = try printedNodes(["--\(role)-params", #"{"probe": "\#(role)", "n": 7}"#])
            for (_, other) in Self.roleNodes {
                let params = try XCTUnwrap(nodes[other]?["params"] as? [String: Any], "node \(other)")
                if other == node {
                    XCTAssertEqual(params["probe"] as? String, role, "--\(role)-params on node \(other): \(params)")
                    XCTAssertEqual(params["n"] as? Int, 7)
                } else {
                    XCTAssertNil(params["probe"], "--\(role)-params leaked onto node \(other): \(params)")
                }
            }
        }
    }

    func testParamsOptionsRefuseAnythingButAJSONObject() throws {
        for (role, _) in Self.roleNodes {
            for bad in ["[1, 2]", "not json", "3", ""] {
                let r = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz", "--print-pipeline",
                                     "--\(role)-params", bad])
                XCTAssertEqual(r.status, 2, "--\(role)-params '\(bad)'")
                XCTAssertTrue(r.stderr.contains("--\(role)-params must be a JSON object"), r.stderr)
            }
        }
    }

    func testLambdaComposesWithFusionParams() throws {
        func fusionParams(_ extra: [String]) throws -> [String: Any] {
            try XCTUnwrap(try printedNodes(extra)["enhanced"]?["params"] as? [String: Any])
        }
        let lambdaOnly = try fusionParams(["--lambda", "0.5"])
        XCTAssertEqual((lambdaOnly["weights"] as? [String: Any])?["classifier"] as? Double, 0.5)

        // --lambda adds weights.classifier and keeps the rest of --fusion-params.
        let both = try fusionParams(["--lambda", "0.5", "--fusion-params", #"{"weights": {"detector": 2}, "unscaled": true}"#])
        let weights = try XCTUnwrap(both["weights"] as? [String: Any])
        XCTAssertEqual(weights["classifier"] as? Double, 0.5)
        XCTAssertEqual(weights["detector"] as? Double, 2)
        XCTAssertEqual(both["unscaled"] as? Bool, true)

        // weights.classifier in both places is a usage error naming both options.
        let conflict = try dashost(["enhance", "--detector", "iforest", "--data", "examples/data/cardio.npz", "--print-pipeline",
                                    "--lambda", "0.5", "--fusion-params", #"{"weights": {"classifier": 1}}"#])
        XCTAssertEqual(conflict.status, 2)
        XCTAssertTrue(conflict.stderr.contains("--lambda and --fusion-params both set weights.classifier"), conflict.stderr)
    }

    // MARK: --no-builtin

    /// A registry fragment with one preset of a built-in detector (paired with that detector's policy).
    private func fragment() throws -> String {
        try HostFixtures.write("""
            {"format": "dashost-registry/2", "libraries": [],
             "presets": [{"name": "fragment_detector", "plugin": "iforest", "params": {"n_estimators": 50}}]}
            """, to: "registry.json", in: try HostFixtures.temporaryDirectory())
    }

    func testRegistryFragmentIsMergedOntoTheBuiltInRegistry() throws {
        let file = try fragment()
        let merged = try dashost(["enhance", "--registry", file, "--detector", "fragment_detector", "--data", "examples/data/cardio.npz",
                                  "--print-pipeline"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stdout.contains(#""plugin" : "iforest_policy""#), merged.stdout)

        let described = try dashost(["describe", "--registry", file, "fragment_detector"])
        XCTAssertTrue(described.stdout.contains("a preset of iforest") && described.stdout.contains(#"registry params: {"n_estimators":50}"#),
                      described.stdout)

        // Alone, the fragment names a plugin nobody registers.
        let alone = try dashost(["enhance", "--registry", file, "--no-builtin", "--detector", "fragment_detector",
                                 "--data", "examples/data/cardio.npz", "--print-pipeline"])
        XCTAssertEqual(alone.status, 1)
        XCTAssertTrue(alone.stderr.contains("presets[0] ('fragment_detector'): field 'plugin' names 'iforest', which is not a registered plugin"),
                      alone.stderr)

        // The built-in registry given explicitly is not merged with itself.
        let count = try HostFixtures.registry().entries.count
        let again = try dashost(["plugins", "--registry", "registry.json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("\(count) plugins load, 0 problems"), again.stdout)
    }

    func testNoBuiltinUsesOnlyTheGivenRegistry() throws {
        // A fragment listing only the fake library: merged, the built-in plugins are there too; alone, only its four.
        let file = try HostFixtures.write(#"{"format": "dashost-registry/2", "libraries": ["\#(try HostFixtures.fakeLibrary())"]}"#,
                                          to: "registry.json", in: try HostFixtures.temporaryDirectory())
        let count = try HostFixtures.registry().entries.count
        let merged = try dashost(["plugins", "--registry", file])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stdout.contains("\(count + 4) plugins load, 0 problems"), merged.stdout)
        let only = try dashost(["plugins", "--no-builtin", "--registry", file])
        XCTAssertEqual(only.status, 0, only.stderr)
        XCTAssertTrue(only.stdout.hasPrefix("registry: \(file)\n"), only.stdout)
        XCTAssertTrue(only.stdout.contains("4 plugins load, 0 problems"), only.stdout)

        let none = try dashost(["plugins", "--no-builtin"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("no registry"), none.stderr)
    }
}
