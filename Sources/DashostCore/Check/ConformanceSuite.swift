import CDashostPlugin
import Foundation

/// `dashost check`: the contract every plugin of a kind must meet, in the spirit of scikit-learn's
/// `check_estimator`: the common checks (descriptor, params schema) and those of the plugin's kind,
/// one result per check, on small seeded synthetic data (quick and reproducible).
///
/// `ConformanceRunner` runs each check in a child process, so a plugin that crashes, aborts or
/// corrupts memory fails that check and the suite goes on; `run(plugin:params:)` runs them in this
/// process (for plugins already trusted, e.g. in unit tests).
public enum ConformanceSuite {
    /// Every check for `plugin`, in order; `params` (a JSON object) configures the instances under test.
    static func checks(for plugin: Plugin, params: String) -> [ConformanceCheck] {
        var list = CheckList()
        commonChecks(plugin, params, &list)
        switch plugin.kind {
        case .detector: DetectorChecks(plugin: plugin, params: params).add(to: &list)
        case .policy: PolicyChecks(plugin: plugin, params: params).add(to: &list)
        case .classifier: ClassifierChecks(plugin: plugin, params: params).add(to: &list)
        case .fusion: FusionChecks(plugin: plugin, params: params).add(to: &list)
        }
        return list.checks
    }

    /// Throws a `ParamsError` naming the key when `params` do not fit the plugin's schema: checked
    /// once, up front, instead of every check failing on the same bad params.
    public static func validate(params: String, for plugin: Plugin) throws {
        _ = try plugin.schema.validate(params)
    }

    /// Runs every check in this process; a check whose prerequisite failed is skipped.
    public static func run(plugin: Plugin, params: String = "{}") throws -> [CheckResult] {
        try validate(params: params, for: plugin)
        var results: [CheckResult] = []
        for check in checks(for: plugin, params: params) {
            if let skipped = skip(check.id, check.name, needs: check.needs, after: results) {
                results.append(skipped)
            } else {
                results.append(check.run())
            }
        }
        return results
    }

    /// Runs the check `id` alone, in this process (the child side of `ConformanceRunner`).
    static func runOne(plugin: Plugin, params: String, id: String) -> CheckResult? {
        checks(for: plugin, params: params).first { $0.id == id }?.run()
    }

    /// A SKIP result when a check `needs` did not pass, else nil.
    static func skip(_ id: String, _ name: String, needs: [String], after results: [CheckResult]) -> CheckResult? {
        guard let failed = needs.first(where: { need in results.first { $0.id == need }.map { !$0.passed } ?? false }),
              let prerequisite = results.first(where: { $0.id == failed }) else { return nil }
        return CheckResult(id: id, name: name, outcome: .skip, detail: "needs \"\(prerequisite.name)\", which did not pass")
    }

    /// Creates and drops an instance of any kind.
    private static func create(_ plugin: Plugin, _ params: String) throws {
        switch plugin.kind {
        case .detector: _ = try DetectorInstance(plugin, params: params, seed: 1)
        case .policy: _ = try PolicyInstance(plugin, params: params, seed: 1)
        case .classifier: _ = try ClassifierInstance(plugin, params: params, seed: 1)
        case .fusion: _ = try FusionInstance(plugin, params: params, seed: 1)
        }
    }

    private static func commonChecks(_ plugin: Plugin, _ params: String, _ r: inout CheckList) {
        r.check("descriptor", "descriptor is complete (name, version, kind, ABI \(ABIVersion.string), params schema)") {
            "\(plugin.name) \(plugin.version), \(plugin.kind.rawValue), ABI \(plugin.abiMajor).\(plugin.abiMinor), \(plugin.schema.specs.count) params"
        }
        r.check("params-documented", "every parameter has a one-line doc") {
            let undocumented = plugin.schema.specs.filter { $0.doc.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.name)
            try expect(undocumented.isEmpty, "no doc for \(undocumented.joined(separator: ", "))")
            return "\(plugin.schema.specs.count) documented"
        }
        r.check("create-defaults", "creates with its default params") { try create(plugin, "{}"); return "ok" }
        r.check("create-params", "creates with the params under test") { try create(plugin, params); return params }
        r.check("create-bounds", "at every bound and choice of its schema: creates, or refuses with BAD_PARAMS naming a conflict") {
            var created = 0, conflicts = 0
            for spec in plugin.schema.specs {
                var values: [String] = []
                switch spec.type {
                case .int, .double:
                    if spec.minimum.isFinite { values.append(JSONNumber.format(spec.minimum)) }
                    if spec.maximum.isFinite { values.append(JSONNumber.format(spec.maximum)) }
                case .string: values = (spec.choices ?? []).map { ParamValue.quoted($0) }
                case .bool: values = ["true", "false"]
                case .weights: continue
                }
                for value in values {
                    let json = "{\(ParamValue.quoted(spec.name)): \(value)}"
                    do {
                        try create(plugin, json)
                        created += 1
                    } catch let error as PluginCallError where error.status == DASHOST_ERR_BAD_PARAMS && !error.message.isEmpty {
                        conflicts += 1  // a rule between params (e.g. min <= max) the schema cannot state
                    } catch {
                        throw CheckFailure("\(json) is allowed by the schema, but: \(error)")
                    }
                }
            }
            return created + conflicts == 0 ? "no bounded params" : "\(created) values create, \(conflicts) refused by a rule between params"
        }
        r.check("params-beyond-bounds", "values beyond the schema's bounds are refused before create") {
            var tried = 0
            for spec in plugin.schema.specs where spec.type == .int || spec.type == .double {
                let step = spec.type == .int ? 1.0 : max(1e-9, 1e-6 * max(abs(spec.minimum), abs(spec.maximum), 1))
                for value in [spec.minimum - step, spec.maximum + step] where value.isFinite && abs(value) < 9e15 {
                    let json = "{\(ParamValue.quoted(spec.name)): \(JSONNumber.format(value))}"
                    do {
                        try create(plugin, json)
                        throw CheckFailure("\(json) is outside the schema's bounds but was accepted")
                    } catch let error as PluginCallError where error.status == DASHOST_ERR_BAD_PARAMS {
                        tried += 1
                    }
                }
            }
            return "\(tried) values refused"
        }
    }
}
