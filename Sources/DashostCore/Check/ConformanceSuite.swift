import Foundation

/// `dashost check`: the contract every plugin of a kind must meet, in the spirit of scikit-learn's
/// `check_estimator`. It loads a library directly (no registry), runs the common checks (descriptor,
/// parameter handling) and those of the plugin's kind, and reports one result per check.
///
/// The checks use small seeded synthetic data, so they are quick and reproducible. A plugin that
/// crashes takes the checking process with it; the CLI runs each check suite in-process because
/// the first crash is then the finding.
public enum ConformanceSuite {
    /// Loads `path` and runs every check for its kind; `params` (a JSON object) configures the
    /// instances under test (default: the plugin's defaults).
    public static func run(path: String, params: String = "{}") throws -> (library: PluginLibrary, results: [CheckResult]) {
        let library = try PluginLibrary.open(path: path)
        var recorder = CheckRecorder()
        commonChecks(library, &recorder)
        switch library.kind {
        case .detector: DetectorChecks(library: library, params: params).run(&recorder)
        case .policy: PolicyChecks(library: library, params: params).run(&recorder)
        case .classifier: ClassifierChecks(library: library, params: params).run(&recorder)
        case .fusion: FusionChecks(library: library, params: params).run(&recorder)
        }
        return (library, recorder.results)
    }

    /// Creates an instance of any kind (the common checks only need create/destroy).
    private static func create(_ library: PluginLibrary, _ params: String) throws {
        switch library.kind {
        case .detector: _ = try DetectorInstance(library, params: params, seed: 1)
        case .policy: _ = try PolicyInstance(library, params: params, seed: 1)
        case .classifier: _ = try ClassifierInstance(library, params: params, seed: 1)
        case .fusion: _ = try FusionInstance(library, params: params, seed: 1)
        }
    }

    private static func commonChecks(_ library: PluginLibrary, _ r: inout CheckRecorder) {
        r.check("descriptor is complete (name, version, ABI \(ABIVersion.string), kind)") {
            "\(library.name) \(library.version), \(library.kind.rawValue), ABI \(library.abiMajor).\(library.abiMinor)"
        }
        r.check("default_params is a JSON object") {
            let parsed = try? JSONSerialization.jsonObject(with: Data(library.defaultParams.utf8))
            try expect(parsed is [String: Any], "default_params is not a JSON object: \(library.defaultParams)")
            return library.defaultParams
        }
        r.check("creates with empty params {}") { try create(library, "{}"); return "ok" }
        r.check("creates with its own default_params") { try create(library, library.defaultParams); return "ok" }
        r.check("rejects an unknown parameter") {
            try expectPluginError([PluginCallError.badParams]) { try create(library, "{\"no_such_parameter_xyz\": 1}") }
        }
        r.check("rejects malformed params JSON") {
            try expectPluginError([PluginCallError.badParams]) { try create(library, "{not json") }
        }
    }
}

extension PluginCallError {
    static let badParams: UInt32 = 2
    static let notFitted: UInt32 = 3
    static let nonFinite: UInt32 = 4
    static let shape: UInt32 = 5
}
