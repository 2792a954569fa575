import DashostPluginKit

// Small plugin types for the SDK tests (schema recording and the exported C functions).

/// Reads one parameter of every kind; scores a row by its L1 distance to the training mean, plus `offset`.
final class MeanDistanceDetector: TrainingScoresDetectorPlugin {
    let offset: Double
    let host: PluginHost?
    private var mean: [Double] = []
    private var training: [Double] = []

    init(params: PluginParams, seed: UInt64) throws {
        offset = try params.double("offset", default: 0, doc: "added to every score")
        _ = try params.int("count", default: 20, in: 1...Int.max, doc: "an int bounded below only")
        _ = try params.int("any", default: -3, doc: "an unbounded int")
        _ = try params.double("share", default: 0.25, in: 0...1, doc: "a bounded double")
        _ = try params.bool("flag", default: true, doc: "a flag")
        _ = try params.string("label", default: "a \"quoted\"\\path\n", doc: "any string")
        _ = try params.choice("mode", default: "fast", among: ["fast", "exact"], doc: "one of two modes")
        _ = try params.doubles("weights", default: ["z": 2, "a": 0.5], in: 0...Double.infinity, doc: "per-name weights")
        _ = try params.int("count", default: 20, in: 1...Int.max, doc: "read twice: recorded once")
        host = params.host
    }

    func fit(_ X: MatrixView) throws {
        mean = (0..<X.cols).map { j in (0..<X.rows).map { X[$0, j] }.reduce(0, +) / Double(X.rows) }
        training = (0..<X.rows).map { i in score(row: X.row(i)) }
        host?.log(.info, "fitted \(X.rows) rows")
    }

    private func score(row: UnsafeBufferPointer<Double>) -> Double {
        zip(row, mean).map { abs($0 - $1) }.reduce(0, +) + offset
    }

    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        for i in 0..<X.rows { out[i] = score(row: X.row(i)) }
    }

    func trainingScores() throws -> [Double] { training.map { $0 + 1000 } }
}

/// A detector without training scores; `fit` fails when the host says the user cancelled.
final class CancellableDetector: DetectorPlugin {
    let host: PluginHost?
    init(params: PluginParams, seed: UInt64) throws { host = params.host }
    func fit(_ X: MatrixView) throws { try host?.throwIfCancelled() }
    func score(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {
        for i in 0..<X.rows { out[i] = X[i, 0] }
    }
}

/// Writes each training row scaled by `factor`, row after row, then asks the scorer about them.
final class ScalingPolicy: PolicyPlugin {
    let factor: Double
    init(params: PluginParams, seed: UInt64) throws {
        factor = try params.double("factor", default: 2, in: 0...10, doc: "scale of the copied rows")
    }
    func generate(train: MatrixView, scorer: Scorer, count: Int, seed: UInt64,
                  into out: UnsafeMutableBufferPointer<Double>) throws {
        for r in 0..<count { for j in 0..<train.cols { out[r * train.cols + j] = factor * train[r % train.rows, j] } }
        _ = try scorer.score(Array(out))
    }
}

/// Reads the same key with two types: a plugin bug the schema recording reports.
final class ConflictingParamsFusion: FusionPlugin {
    init(params: PluginParams, seed: UInt64) throws {
        _ = try params.double("x", default: 1, doc: "")
        _ = try params.string("x", default: "1", doc: "")
    }
    func fuse(_ columns: [ScoreColumn], into out: UnsafeMutableBufferPointer<Double>) throws {}
}

/// Refuses its own defaults after reading one parameter.
final class BrokenDefaultsClassifier: ClassifierPlugin {
    init(params: PluginParams, seed: UInt64) throws {
        _ = try params.int("depth", default: 3, doc: "read before the failure")
        throw PluginError.badParams("no good defaults")
    }
    func fit(_ X: MatrixView, labels y: UnsafeBufferPointer<Double>) throws {}
    func predictProbability(_ X: MatrixView, into out: UnsafeMutableBufferPointer<Double>) throws {}
}
