import Foundation

/// The fusion contract: input validation, finite output of the right length, determinism, and
/// monotonicity (raising one column's score never lowers the fused score).
struct FusionChecks {
    let library: PluginLibrary
    let params: String

    typealias Column = (name: String, scores: [Double], reference: [Double])

    var columns: [Column] {
        let a = SyntheticData.gaussian(rows: 40, cols: 1, seed: 41).values
        let b = SyntheticData.gaussian(rows: 40, cols: 1, seed: 42).values.map { 1 / (1 + exp(-$0)) }
        let refA = SyntheticData.gaussian(rows: 60, cols: 1, seed: 43).values
        let refB = SyntheticData.gaussian(rows: 60, cols: 1, seed: 44).values.map { 1 / (1 + exp(-$0)) }
        return [("detector", a, refA), ("classifier", b, refB)]
    }

    func make() throws -> FusionInstance { try FusionInstance(library, params: params) }

    func run(_ r: inout CheckRecorder) {
        r.check("fusing no columns is an error") {
            try expectPluginError { _ = try make().fuse([]) }
        }
        r.check("columns of different lengths are an error") {
            var cols = columns
            cols[1].scores.removeLast()
            return try expectPluginError([PluginCallError.shape]) { _ = try make().fuse(cols) }
        }
        r.check("NaN in a column is an error") {
            var cols = columns
            cols[0].scores[3] = .nan
            return try expectPluginError([PluginCallError.nonFinite]) { _ = try make().fuse(cols) }
        }
        r.check("output is finite, one value per row") {
            let out = try make().fuse(columns)
            try expect(out.count == 40 && out.allSatisfy(\.isFinite), "bad fused output")
            return "ok"
        }
        r.check("fusing is deterministic") {
            let f = try make()
            try expect(try f.fuse(columns) == f.fuse(columns), "two calls with the same input differ")
            return "ok"
        }
        r.check("fused rows are independent (a batch equals each row alone)") {
            let f = try make()
            let batch = try f.fuse(columns)
            let single = try (0..<40).map { i in try f.fuse(columns.map { ($0.name, [$0.scores[i]], $0.reference) })[0] }
            try expect(nearlyEqual(batch, single), "batch and single-row output differ at \(firstDifference(batch, single))")
            return "ok"
        }
        r.check("raising one column's score never lowers the fused score") {
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
