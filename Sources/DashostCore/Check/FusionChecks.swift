import CDashostPlugin
import Foundation

/// The fusion contract: input validation, finite output of the right length, determinism, and
/// monotonicity (raising one column's score never lowers the fused score).
struct FusionChecks {
    let plugin: Plugin
    let params: String

    typealias Column = (name: String, scores: [Double], reference: [Double])

    var columns: [Column] {
        let a = SyntheticData.gaussian(rows: 40, cols: 1, seed: 41).values
        let b = SyntheticData.gaussian(rows: 40, cols: 1, seed: 42).values.map { 1 / (1 + exp(-$0)) }
        let refA = SyntheticData.gaussian(rows: 60, cols: 1, seed: 43).values
        let refB = SyntheticData.gaussian(rows: 60, cols: 1, seed: 44).values.map { 1 / (1 + exp(-$0)) }
        return [("detector", a, refA), ("classifier", b, refB)]
    }

    func make() throws -> FusionInstance { try FusionInstance(plugin, params: params) }

    func add(to r: inout CheckList) {
        r.check("fuse-nothing", "fusing no columns is an error") {
            try expectPluginError { _ = try make().fuse([]) }
        }
        r.check("fuse-lengths", "columns of different lengths are an error") {
            var cols = columns
            cols[1].scores.removeLast()
            return try expectPluginError([DASHOST_ERR_SHAPE]) { _ = try make().fuse(cols) }
        }
        r.check("fuse-nan", "NaN in a column is an error") {
            var cols = columns
            cols[0].scores[3] = .nan
            return try expectPluginError([DASHOST_ERR_NON_FINITE]) { _ = try make().fuse(cols) }
        }
        r.check("fuse-finite", "output is finite, one value per row, nothing written past the end") {
            let f = try make()
            let cols = columns
            let out = GuardedOutput(count: 40, what: "out")
            try out.call { o in _ = try f.fuse(count: cols.count, column: { cols[$0] }, into: o) }
            return "ok"
        }
        let fused = ["fuse-finite"]
        r.check("fuse-deterministic", "fusing is deterministic", needs: fused) {
            let f = try make()
            try expect(try f.fuse(columns) == f.fuse(columns), "two calls with the same input differ")
            return "ok"
        }
        r.check("fuse-per-row", "fused rows are independent (a batch equals each row alone)", needs: fused) {
            let f = try make()
            let batch = try f.fuse(columns)
            let single = try (0..<40).map { i in try f.fuse(columns.map { ($0.name, [$0.scores[i]], $0.reference) })[0] }
            try expect(nearlyEqual(batch, single), "batch and single-row output differ at \(firstDifference(batch, single))")
            return "ok"
        }
        r.check("fuse-monotone", "raising one column's score never lowers the fused score", needs: fused) {
            let f = try make()
            let base = try f.fuse(columns)
            for c in columns.indices {
                var raised = columns
                raised[c].scores = raised[c].scores.map { $0 + 0.25 }
                let out = try f.fuse(raised)
                try expect(zip(out, base).allSatisfy { $0 >= $1 - 1e-12 }, "raising column '\(columns[c].name)' lowered a fused score")
            }
            return "ok"
        }
    }
}
