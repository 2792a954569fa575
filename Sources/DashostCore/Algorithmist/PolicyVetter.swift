import Foundation

/// Vets a candidate synthesis policy (an LLM's, or any other) before it counts: does it run safely,
/// return what the ABI asks, reproducibly, use its detector, and hide its anomalies from that
/// detector better than uniform noise does? Training data only: the host's own small seeded data
/// sets (`VettingDataset.all`), never a user's.
///
/// For each vetting data set, in order: the detector is fitted (in the host, or sandboxed when its
/// registry trust says so); the policy is created **in the sandbox** whatever its trust (a child
/// process: no network, no writes outside a scratch folder, no new processes, the wall-time and
/// memory limits of `PolicyVettingOptions`) and asked for `VettingDataset.count` rows with the
/// detector's score callback crossing back to the host, where every call is counted; it is then
/// asked again, on the same instance with the same seed. Then the checks, in this order:
///
/// 1. `runs`: every call returned OK: no crash, hang, memory exhaustion, sandbox refusal or error
///    status. The message is the isolation layer's own. Fatal: nothing else is checked.
/// 2. `shape_and_finite`: every value of the `count x d` output was written, finite, and nothing
///    was written past it (the host's guarded buffers). Fatal.
/// 3. `deterministic`: the second call gave the same bits as the first. On the same instance, so a
///    static counter or a cache that changes the output is caught along with a clock or `rand()`.
///    That another seed gives other rows is not required.
/// 4. `uses_score_callback`: the first call called the score callback at least once on every data
///    set (counted by the host). Passed with a note when `requiresScoreCallback` is false.
/// 5. `not_training_rows`: at most `copyShareLimit` of the rows on each data set are bit-for-bit
///    copies of a training row.
/// 6. `hard`: the mean over the data sets of the median training-score percentile of the policy's
///    own rows is below the same mean for uniform rows in the widened training box (`uniform_policy`,
///    the baseline the paper compares against; as many rows, on the same data and fitted detector).
///
/// The policy's "own rows" are all its rows, except that a policy with a `background_share` param
/// (the built-in detector-aware ones) has its last `round(share * count)` rows, uniform background
/// by construction (`BackgroundMix`), left out of the measurements, as `SyntheticRowMeasures` does.
/// Reported besides, for `CandidateRanking`: the forest's out-of-bag AUC and the distance ratio.
public enum PolicyVetter {
    /// Largest share of a data set's synthetic rows that may be exact copies of training rows. A
    /// copy is a normal row labelled anomalous: the classifier is taught a contradiction and the
    /// row adds no information. A few copies can be legitimate (a move clipped to nothing, a
    /// candidate filter falling back to its seed); 10 % (3 of 30 rows) leaves room for those and
    /// still refuses a policy that mostly returns its seeds. (The conformance suite's own check,
    /// `generate-not-copies`, only refuses *all* rows being copies.)
    public static let copyShareLimit = 0.1
    /// The registered policy whose rows set the bar of check `hard`: uniform rows in the widened box.
    public static let baselinePolicy = "uniform_policy"
    /// The registered classifier whose out-of-bag probabilities measure learnability: the axis-parallel
    /// random forest the standard graph trains (docs/llm.md, requirement 3).
    public static let learnabilityClassifier = "random_forest"
    /// The node name in the isolation layer's messages.
    static let node = "vetting"

    /// Vets the registered policy `policy` for the registered detector `detector` on small data the
    /// host generates (never a user's data), running the policy in the sandbox
    /// (`IsolationLevel.sandbox`) whatever its trust. Throws only for host-side problems (unknown
    /// names, the baseline or classifier not registered, no sandbox on this kernel, the detector
    /// failing on the vetting data); every failure of the policy is a failed check in the report.
    public static func vet(policy: String, detector: String, registry: Registry,
                           options: PolicyVettingOptions = .init()) throws -> VettingReport {
        let policyEntry = try registry.entry(policy, kind: .policy)
        let detectorEntry = try registry.entry(detector, kind: .detector)
        let baselineEntry = try hostEntry(baselinePolicy, kind: .policy, registry: registry, role: "the uniform baseline of check 'hard'")
        let forestEntry = try hostEntry(learnabilityClassifier, kind: .classifier, registry: registry, role: "the learnability measure")
        guard Sandbox.isAvailable else {
            throw PolicyVettingError("cannot vet policy '\(policy)': vetting runs it in the sandbox, and this kernel has no Landlock to confine its writes")
        }
        let share = try backgroundShare(policyEntry)
        // The Python bridge is host code that starts its interpreter sandboxed itself; a sandboxed
        // server could not start that process, so the bridge runs in a plain child process.
        let level: IsolationLevel = policyEntry.plugin.name == PolicyStore.pythonBridge ? .process : .sandbox
        let sandbox = IsolationSettings(level: level, timeoutSeconds: options.wallSeconds, memoryLimitMB: options.memoryMB)

        var runs: [DatasetRun] = []
        func report(_ checks: [VettingCheck]) -> VettingReport {
            VettingReport(policy: policy, detector: detector, passed: false, checks: checks)
        }
        for dataset in VettingDataset.all {
            let train = dataset.train, count = dataset.count
            let place = "on vetting data set '\(dataset.name)' (\(train.rows) x \(train.cols), asked for \(count) rows)"
            func seed(_ role: String) -> UInt64 { NodeContext.seed(pipelineSeed: options.seed, nodeId: "vetting/\(dataset.name)/\(role)") }

            // The detector: a host-side problem if it fails, not the policy's.
            let fitted: any Detector, reference: [Double]
            do {
                fitted = try makeDetector(detectorEntry, seed: seed("detector"))
                try fitted.fit(train)
                if let own = try fitted.trainingScores(rows: train.rows) {
                    reference = own
                } else {
                    reference = try fitted.score(train)
                    fitted.remember(scores: reference, of: train)  // the policy scores these rows again
                }
            } catch {
                throw PolicyVettingError("detector '\(detector)' failed \(place): \(error)")
            }
            let counting = CallbackCountingDetector(fitted)

            // The policy, sandboxed; a second call on the same instance for check 3.
            let policySeed = seed("policy")
            var first: DataMatrix?, second: DataMatrix?
            do {
                let instance = try IsolatedPolicy(policyEntry.plugin, params: policyEntry.params, seed: policySeed,
                                                  node: node, settings: sandbox)
                first = try instance.generate(train: train, detector: counting, count: count, seed: policySeed &+ 1)
                let calls = counting.counts
                second = try instance.generate(train: train, detector: counting, count: count, seed: policySeed &+ 1)
                runs.append(DatasetRun(dataset: dataset, rows: first!, again: second!, callbacks: calls.calls, callbackRows: calls.rows))
            } catch {
                let which = first == nil ? "" : " (its second call with the same seed, for check 'deterministic')"
                let message = "\(place)\(which): \(error)"
                if isOutputError(error) {
                    let ran = VettingCheck(name: "runs", passed: true, message: "generate ran to completion in the sandbox \(place); what it returned is refused by check 'shape_and_finite'")
                    return report([ran, VettingCheck(name: "shape_and_finite", passed: false, message: message)])
                }
                return report([VettingCheck(name: "runs", passed: false, message: message)])
            }

            // The measurements, host-side, on the first call's rows.
            runs[runs.count - 1].ownRows = ownCount(count, share: share)
            let own = runs[runs.count - 1].rows.selecting(rows: Array(0..<runs[runs.count - 1].ownRows))
            let sorted = reference.sorted()
            func percentileMedian(_ rows: DataMatrix) throws -> Double {
                guard rows.rows > 0 else { return .nan }
                let scores = try fitted.score(rows)
                return SyntheticRowMeasures.quantile(scores.map { SyntheticRowMeasures.percentile(of: $0, in: sorted) }, 0.5)
            }
            do {
                runs[runs.count - 1].policyPercentile = try percentileMedian(own)
                let baseline = try makePolicy(baselineEntry, seed: seed("uniform"))
                let uniform = try baseline.generate(train: train, detector: fitted, count: max(own.rows, 1), seed: seed("uniform") &+ 1)
                runs[runs.count - 1].uniformPercentile = try percentileMedian(uniform)
                runs[runs.count - 1].oobAUC = try oobAUC(train: train, rows: own, forest: forestEntry, seed: seed("classifier"))
            } catch {
                throw PolicyVettingError("measuring policy '\(policy)' for detector '\(detector)' failed \(place): \(error)")
            }
            runs[runs.count - 1].distanceRatio = SyntheticRowMeasures.quantile(SyntheticRowMeasures.distanceRatios(train: train, rows: own), 0.5)
        }

        var checks = [passedRuns(runs.count, options), shapeCheck(runs), determinismCheck(runs),
                      callbackCheck(runs, required: options.requiresScoreCallback), copiesCheck(runs)]
        let policyPercentile = mean(runs.map(\.policyPercentile)), uniformPercentile = mean(runs.map(\.uniformPercentile))
        checks.append(hardCheck(policy: policyPercentile, uniform: uniformPercentile, datasets: runs.count))
        let passed = checks.allSatisfy(\.passed)
        let oob = mean(runs.map(\.oobAUC))
        let measures = runs.map { run in
            VettingDatasetMeasures(dataset: run.dataset.name, rows: run.dataset.train.rows, cols: run.dataset.train.cols,
                                   count: run.rows.rows, ownRows: run.ownRows, callbacks: run.callbacks, callbackRows: run.callbackRows,
                                   copies: copies(run), policyPercentileMedian: finite(run.policyPercentile),
                                   uniformPercentileMedian: finite(run.uniformPercentile), oobAUC: finite(run.oobAUC),
                                   distanceRatioMedian: finite(run.distanceRatio))
        }
        return VettingReport(policy: policy, detector: detector, passed: passed, checks: checks,
                             policyPercentileMedian: finite(policyPercentile), uniformPercentileMedian: finite(uniformPercentile),
                             oobAUC: finite(oob), distanceRatioMedian: finite(mean(runs.map(\.distanceRatio))),
                             rankScore: passed ? CandidateRanking.score(policyPercentileMedian: policyPercentile, oobAUC: finite(oob)) : nil,
                             datasets: measures)
    }

    /// One data set's results.
    private struct DatasetRun {
        let dataset: VettingDataset
        let rows: DataMatrix, again: DataMatrix
        let callbacks: Int, callbackRows: Int
        var ownRows = 0
        var policyPercentile = Double.nan, uniformPercentile = Double.nan, oobAUC = Double.nan, distanceRatio = Double.nan
    }

    // MARK: checks

    private static func passedRuns(_ datasets: Int, _ options: PolicyVettingOptions) -> VettingCheck {
        VettingCheck(name: "runs", passed: true, message:
            "generate returned OK twice on each of the \(datasets) vetting data sets, in the sandbox (wall-time limit \(JSONNumber.format(options.wallSeconds)) s per call, \(options.memoryMB) MiB)")
    }

    private static func shapeCheck(_ runs: [DatasetRun]) -> VettingCheck {
        let shapes = runs.map { "\($0.rows.rows) x \($0.rows.cols)" }.joined(separator: ", ")
        return VettingCheck(name: "shape_and_finite", passed: true, message:
            "every value written and finite, nothing written past the output (\(shapes) rows x columns)")
    }

    private static func determinismCheck(_ runs: [DatasetRun]) -> VettingCheck {
        for run in runs {
            let a = run.rows.values, b = run.again.values
            let differing = zip(a, b).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
            guard let firstDiff = differing.first else { continue }
            let cols = max(run.rows.cols, 1)
            return VettingCheck(name: "deterministic", passed: false, message:
                "two calls with the same seed on vetting data set '\(run.dataset.name)' returned different rows: \(differing.count) of \(a.count) values differ, the first at synthetic row \(firstDiff.offset / cols), column \(firstDiff.offset % cols) (\(firstDiff.element.0) then \(firstDiff.element.1)); expected the same bits: draw every random number from the host's random stream (random_uniform, random_normal, random_below, random_permutation) or from the seed generate is given, and keep no state (static or in the instance) that changes the output between calls")
        }
        return VettingCheck(name: "deterministic", passed: true, message:
            "a second call with the same seed gave the same bits on each of the \(runs.count) vetting data sets")
    }

    private static func callbackCheck(_ runs: [DatasetRun], required: Bool) -> VettingCheck {
        let counts = runs.map { "\($0.callbacks) on '\($0.dataset.name)'" }.joined(separator: ", ")
        guard required else {
            return VettingCheck(name: "uses_score_callback", passed: true, message:
                "skipped: this prompt variant does not require the score callback (calls: \(counts))")
        }
        let never = runs.filter { $0.callbacks == 0 }.map { "'\($0.dataset.name)'" }
        if !never.isEmpty {
            return VettingCheck(name: "uses_score_callback", passed: false, message:
                "the policy never called the detector's score callback on vetting data set\(never.count > 1 ? "s" : "") \(never.joined(separator: ", ")) (calls: \(counts)); expected at least one call per generate: score candidate rows with the score callback and place the anomalies by the detector's own scores")
        }
        return VettingCheck(name: "uses_score_callback", passed: true, message:
            "the score callback was called \(counts) (\(runs.map { "\($0.callbackRows)" }.joined(separator: ", ")) rows scored)")
    }

    private static func copiesCheck(_ runs: [DatasetRun]) -> VettingCheck {
        var parts: [String] = [], bad: [String] = []
        for run in runs {
            let copies = copies(run)
            let text = "\(copies) of \(run.rows.rows) on '\(run.dataset.name)'"
            parts.append(text)
            if Double(copies) > copyShareLimit * Double(run.rows.rows) { bad.append(text) }
        }
        let limit = "\(Int((copyShareLimit * 100).rounded())) %"
        if !bad.isEmpty {
            return VettingCheck(name: "not_training_rows", passed: false, message:
                "too many synthetic rows are exact copies of training rows: \(bad.joined(separator: ", ")), more than the \(limit) allowed\(bad.count < parts.count ? " (copies: \(parts.joined(separator: ", ")))" : ""); expected every row moved away from the training row it starts from: a copy is a normal row labelled anomalous")
        }
        return VettingCheck(name: "not_training_rows", passed: true, message:
            "exact copies of training rows: \(parts.joined(separator: ", ")) (at most \(limit) allowed)")
    }

    private static func hardCheck(policy: Double, uniform: Double, datasets: Int) -> VettingCheck {
        let how = "mean over the \(datasets) vetting data sets of the median percentile of each"
        guard policy.isFinite, uniform.isFinite else {
            return VettingCheck(name: "hard", passed: false, message:
                "the policy returned no rows of its own to measure (all of them are its background share); expected rows placed by the policy")
        }
        let p = ordinal(policy), u = ordinal(uniform)
        if policy < uniform {
            return VettingCheck(name: "hard", passed: true, message:
                "its rows sit at the \(p) percentile of the detector's training scores, uniform random rows at the \(u) (\(how)): better hidden than random noise")
        }
        let verdict = policy > uniform ? "easier to spot than random noise" : "no harder to spot than random noise"
        return VettingCheck(name: "hard", passed: false, message:
            "its rows sit at the \(p) percentile of the detector's training scores, uniform random rows at the \(u) (\(how)): the policy's anomalies are \(verdict); expected a lower percentile than uniform rows: rows the detector scores like normal rows, in its blind spot, not in its fringe")
    }

    // MARK: helpers

    /// How many of the run's rows are bit-for-bit copies of a training row (-0.0 and 0.0 count as one).
    private static func copies(_ run: DatasetRun) -> Int {
        let train = Set((0..<run.dataset.train.rows).map { run.dataset.train.row($0) })
        return (0..<run.rows.rows).filter { train.contains(run.rows.row($0)) }.count
    }

    /// A registry entry the vetting itself needs (not the candidate): missing is a host-side problem.
    private static func hostEntry(_ name: String, kind: PluginKind, registry: Registry, role: String) throws -> RegistryEntry {
        do {
            return try registry.entry(name, kind: kind)
        } catch {
            throw PolicyVettingError("vetting needs the \(kind.rawValue) '\(name)' (\(role)) in the registry: \(error)")
        }
    }

    /// The policy's `background_share` param (its registry value or its default), 0 when it has none.
    private static func backgroundShare(_ entry: RegistryEntry) throws -> Double {
        guard let value = try entry.plugin.schema.validate(entry.params).values["background_share"] else { return 0 }
        switch value {
        case let .double(d): return min(max(d, 0), 1)
        case let .int(i): return min(max(Double(i), 0), 1)
        default: return 0
        }
    }

    /// The policy's own rows among `count`: those before its background share, as `BackgroundMix` lays them out.
    private static func ownCount(_ count: Int, share: Double) -> Int {
        count - min(count, max(0, Int((share * Double(count)).rounded())))
    }

    /// Out-of-bag AUC of the forest fitted on the training rows (label 0) and `rows` (label 1); NaN
    /// when the classifier offers no held-out probabilities.
    private static func oobAUC(train: DataMatrix, rows: DataMatrix, forest: RegistryEntry, seed: UInt64) throws -> Double {
        guard rows.rows > 0 else { return .nan }
        let classifier: any Classifier = forest.trust == .none
            ? try ClassifierInstance(forest.plugin, params: forest.params, seed: seed)
            : try IsolatedClassifier(forest.plugin, params: forest.params, seed: seed, node: node, settings: IsolationSettings(level: forest.trust))
        let labels = [Double](repeating: 0, count: train.rows) + [Double](repeating: 1, count: rows.rows)
        try classifier.fit(train.stacking(rows), labels: labels)
        guard let heldOut = try classifier.heldOutProbability(rows: labels.count) else { return .nan }
        return try Metrics.rocAUC(labels: labels, scores: heldOut)
    }

    /// A detector instance as its registry trust says: in the host, or sandboxed.
    private static func makeDetector(_ entry: RegistryEntry, seed: UInt64) throws -> any Detector {
        entry.trust == .none
            ? try DetectorInstance(entry.plugin, params: entry.params, seed: seed)
            : try IsolatedDetector(entry.plugin, params: entry.params, seed: seed, node: node, settings: IsolationSettings(level: entry.trust))
    }

    /// A (host-side, baseline) policy instance as its registry trust says.
    private static func makePolicy(_ entry: RegistryEntry, seed: UInt64) throws -> any Policy {
        entry.trust == .none
            ? try PolicyInstance(entry.plugin, params: entry.params, seed: seed)
            : try IsolatedPolicy(entry.plugin, params: entry.params, seed: seed, node: node, settings: IsolationSettings(level: entry.trust))
    }

    /// Whether a failed generate is an output problem (a value unwritten or not finite, a write past
    /// the output) rather than a failure to run (a crash, an error status, a callback it mishandled).
    private static func isOutputError(_ error: Error) -> Bool {
        guard let output = error as? PluginOutputError, output.operation == "generate" else { return false }
        return !output.detail.contains("score callback")
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty || values.contains(where: { !$0.isFinite }) ? .nan : values.reduce(0, +) / Double(values.count)
    }

    private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// 0.9712 -> "97th"; 0.5 -> "50th"; 0.021 -> "2nd".
    @_spi(Testing) public static func ordinal(_ share: Double) -> String {
        let n = Int((share * 100).rounded())
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }
}
