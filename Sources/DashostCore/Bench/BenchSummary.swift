import Foundation

/// The Markdown summary of a bench, in the form of the paper's Table 1: per detector and
/// configuration, mean AUC-PR and AUC-ROC of the base detector and of the configuration over the data
/// sets (each data set's value averaged over seeds first), the mean AUC-PR gain, wins (data sets where
/// the configuration's AUC-PR is higher), losses of more than 0.05, and the paired one-sided t-test
/// p-value of "configuration > base" on AUC-PR; then the per-data-set AUC-PR table.
public struct BenchSummary {
    let rows: [BenchRow]

    /// A summary of `rows`.
    public init(rows: [BenchRow]) { self.rows = rows }

    /// Mean over seeds, per (dataset, detector, config).
    func averaged() -> [String: (pr: Double, roc: Double)] {
        var sums: [String: (Double, Double, Int)] = [:]
        for r in rows {
            let k = "\(r.dataset)|\(r.detector)|\(r.config)"
            let s = sums[k] ?? (0, 0, 0)
            sums[k] = (s.0 + r.aucpr, s.1 + r.aucroc, s.2 + 1)
        }
        return sums.mapValues { ($0.0 / Double($0.2), $0.1 / Double($0.2)) }
    }

    /// The summary document.
    public func markdown() -> String {
        let avg = averaged()
        let detectors = ordered(rows.map(\.detector))
        let configs = ordered(rows.map(\.config)).filter { $0 != "base" }
        let datasets = Set(rows.map(\.dataset)).sorted { $0.lowercased() < $1.lowercased() }
        let seeds = Set(rows.map(\.seed)).sorted().map(String.init).joined(separator: ", ")
        var out = "# Benchmark summary\n\n\(datasets.count) data sets, seeds \(seeds). Values per data set are averaged over seeds, "
        out += "then over data sets. Gain, wins and the t-test compare AUC-PR with the base detector on the same data sets.\n\n"
        out += "| detector | config | data sets | AUC-PR base | AUC-PR config | gain | wins | losses > 0.05 | p (one-sided) | AUC-ROC base | AUC-ROC config |\n"
        out += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for detector in detectors {
            for config in configs {
                let paired = datasets.compactMap { ds -> (base: (pr: Double, roc: Double), cfg: (pr: Double, roc: Double))? in
                    guard let b = avg["\(ds)|\(detector)|base"], let c = avg["\(ds)|\(detector)|\(config)"] else { return nil }
                    return (b, c)
                }
                guard !paired.isEmpty else { continue }
                let n = Double(paired.count)
                let basePR = paired.map(\.base.pr), cfgPR = paired.map(\.cfg.pr)
                let wins = zip(cfgPR, basePR).filter { $0 > $1 }.count
                let losses = zip(cfgPR, basePR).filter { $0 < $1 - 0.05 }.count
                let p = StudentT.pairedOneSidedP(cfgPR, basePR).map { String(format: "%.3g", $0) } ?? "-"
                out += "| \(detector) | \(config) | \(paired.count) | \(f(basePR.reduce(0, +) / n)) | \(f(cfgPR.reduce(0, +) / n)) | "
                out += "\(String(format: "%+.4f", (cfgPR.reduce(0, +) - basePR.reduce(0, +)) / n)) | \(wins)/\(paired.count) | \(losses) | \(p) | "
                out += "\(f(paired.map(\.base.roc).reduce(0, +) / n)) | \(f(paired.map(\.cfg.roc).reduce(0, +) / n)) |\n"
            }
        }
        out += "\n## AUC-PR per data set\n\n"
        let columns = detectors.flatMap { d in (["base"] + configs).filter { c in avg.keys.contains { $0.hasSuffix("|\(d)|\(c)") } }.map { (d, $0) } }
        out += "| data set | " + columns.map { "\($0.0) \($0.1)" }.joined(separator: " | ") + " |\n"
        out += "| --- |" + String(repeating: " ---: |", count: columns.count) + "\n"
        for ds in datasets {
            out += "| \(ds) | " + columns.map { c in avg["\(ds)|\(c.0)|\(c.1)"].map { f($0.pr) } ?? "" }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private func f(_ x: Double) -> String { String(format: "%.4f", x) }

    /// Unique values in first-seen order.
    private func ordered(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
