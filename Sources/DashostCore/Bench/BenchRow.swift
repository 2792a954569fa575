/// One benchmark run: a data set, detector, configuration and seed, its metrics and stage times.
public struct BenchRow: Equatable, Sendable {
    public var dataset: String
    public var detector: String
    public var config: String
    public var seed: UInt64
    /// AUC-PR / AUC-ROC of the configuration's output (the detector for `base`, the fused score otherwise).
    public var aucpr: Double
    public var aucroc: Double
    /// Seconds: detector fit, detector scoring (reference + test), synthesis, classifier fit (with its
    /// held-out reference), classifier scoring, fusion, whole run.
    public var tDetectorFit: Double, tDetectorScore: Double, tSynthesis: Double
    public var tClassifierFit: Double, tClassifierScore: Double, tFusion: Double, tTotal: Double
    /// Training rows, test rows, features, synthetic rows.
    public var nTrain: Int, nTest: Int, d: Int, nSynthetic: Int

    /// The CSV header, in column order.
    public static let header = "dataset,detector,config,seed,aucpr,aucroc,t_detector_fit,t_detector_score,t_synthesis,"
        + "t_classifier_fit,t_classifier_score,t_fusion,t_total,n_train,n_test,d,n_syn"

    /// The run's identity, for resuming (NUL-separated: no file or plugin name holds a NUL).
    public var key: String { BenchRow.key(dataset: dataset, detector: detector, config: config, seed: seed) }

    /// The identity of a run, as `key` gives it.
    public static func key(dataset: String, detector: String, config: String, seed: UInt64) -> String {
        [dataset, detector, config, "\(seed)"].joined(separator: "\u{0}")
    }

    /// The CSV record (no final newline); text fields are quoted as needed (`ScoresCSVWriter.quoted`),
    /// so any data set name, with commas, quotes or line breaks, reads back as written.
    public var csv: String {
        func f(_ x: Double) -> String { ScoresCSVWriter.format(x) }
        return [ScoresCSVWriter.quoted(dataset), ScoresCSVWriter.quoted(detector), ScoresCSVWriter.quoted(config), "\(seed)",
                f(aucpr), f(aucroc), f(tDetectorFit), f(tDetectorScore), f(tSynthesis),
                f(tClassifierFit), f(tClassifierScore), f(tFusion), f(tTotal), "\(nTrain)", "\(nTest)", "\(d)", "\(nSynthetic)"]
            .joined(separator: ",")
    }

    /// Parses one record written by `csv`; nil for a malformed (e.g. cut-off) record.
    public init?(csv line: Substring) {
        guard let records = try? CSVReader.splitRecords(Array(line.utf8), path: "(runs.csv)"), records.count == 1 else { return nil }
        self.init(fields: records[0].fields)
    }

    /// A row from the 17 fields of a parsed record; nil when they are not what `csv` writes.
    init?(fields f: [String]) {
        guard f.count == 17, let seed = UInt64(f[3]) else { return nil }
        let doubles = f[4...12].compactMap(Double.init)
        let ints = f[13...16].compactMap { Int($0) }
        guard doubles.count == 9, ints.count == 4 else { return nil }
        self.init(dataset: f[0], detector: f[1], config: f[2], seed: seed, aucpr: doubles[0], aucroc: doubles[1],
                  tDetectorFit: doubles[2], tDetectorScore: doubles[3], tSynthesis: doubles[4], tClassifierFit: doubles[5],
                  tClassifierScore: doubles[6], tFusion: doubles[7], tTotal: doubles[8],
                  nTrain: ints[0], nTest: ints[1], d: ints[2], nSynthetic: ints[3])
    }

    /// A row from its fields.
    public init(dataset: String, detector: String, config: String, seed: UInt64, aucpr: Double, aucroc: Double,
                tDetectorFit: Double, tDetectorScore: Double, tSynthesis: Double, tClassifierFit: Double,
                tClassifierScore: Double, tFusion: Double, tTotal: Double, nTrain: Int, nTest: Int, d: Int, nSynthetic: Int) {
        self.dataset = dataset; self.detector = detector; self.config = config; self.seed = seed
        self.aucpr = aucpr; self.aucroc = aucroc
        self.tDetectorFit = tDetectorFit; self.tDetectorScore = tDetectorScore; self.tSynthesis = tSynthesis
        self.tClassifierFit = tClassifierFit; self.tClassifierScore = tClassifierScore; self.tFusion = tFusion; self.tTotal = tTotal
        self.nTrain = nTrain; self.nTest = nTest; self.d = d; self.nSynthetic = nSynthetic
    }
}
