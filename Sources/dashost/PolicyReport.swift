import DashostCore
import Foundation

/// The table `dashost policy generate` and `install` print: one row per candidate.
enum PolicyReport {
    static func print(_ outcomes: [PolicyGenerator.Candidate]) {
        func pct(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
        let rows = outcomes.map { c -> [String] in
            [String(c.index), c.name ?? "-", c.failure == nil ? "passed" : "failed", c.rank.map(String.init) ?? "-",
             pct(c.report?.policyPercentileMedian), pct(c.report?.uniformPercentileMedian), pct(c.report?.oobAUC), String(c.repairs),
             c.failure.map { String($0.split(separator: "\n").first ?? "") } ?? ""]
        }
        Swift.print(TextTable.render(header: ["candidate", "name", "vetting", "rank", "pct_median", "uniform_pct", "oob_auc", "repairs", "failure"],
                                     rows: rows))
    }
}
