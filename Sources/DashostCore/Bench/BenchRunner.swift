import Dispatch
import Foundation

/// `dashost bench`: every data set x detector x configuration x seed through the standard graph under
/// the paper's protocol, one row per run appended to `OUT/runs.csv` as it finishes (so an interrupted
/// bench resumes where it stopped), then `OUT/summary.md`.
public struct BenchRunner {
    /// Folder of data sets (`.npz` and `.mat` files with arrays `X` and `y`).
    public var dataFolder: String
    /// Only these data set names (file names without extension); empty = all.
    public var datasets: [String] = []
    /// Detector plugin names.
    public var detectors: [String]
    /// Configurations; `base` is always run too (the summary compares against it).
    public var configs: [BenchConfig]
    /// Seeds.
    public var seeds: [UInt64]
    /// Plugin params per detector name (a JSON object text), applied to every run of that detector.
    public var detectorParams: [String: String] = [:]
    /// The least isolation every plugin of every run gets (`--isolate`, `--sandbox`).
    public var isolation: IsolationLevel = .none
    /// Output folder.
    public var outFolder: String
    /// Progress lines (stderr in the CLI).
    public var progress: (String) -> Void = { _ in }

    /// A bench over `dataFolder` writing into `outFolder`.
    public init(dataFolder: String, detectors: [String], configs: [BenchConfig], seeds: [UInt64], outFolder: String) {
        self.dataFolder = dataFolder
        self.detectors = detectors
        self.configs = configs
        self.seeds = seeds
        self.outFolder = outFolder
    }

    /// The data files to run, sorted by name.
    public func dataFiles() throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dataFolder) else {
            throw BenchError("data folder '\(dataFolder)' not found or unreadable")
        }
        var files = names.filter { $0.lowercased().hasSuffix(".npz") || $0.lowercased().hasSuffix(".mat") }
            .sorted { $0.lowercased() < $1.lowercased() }
        if !datasets.isEmpty {
            let wanted = Set(datasets)
            let stems = Set(files.map { ($0 as NSString).deletingPathExtension })
            if let missing = datasets.first(where: { !stems.contains($0) }) {
                throw BenchError("data set '\(missing)' not found in \(dataFolder)")
            }
            files = files.filter { wanted.contains(($0 as NSString).deletingPathExtension) }
        }
        guard !files.isEmpty else { throw BenchError("no .npz or .mat data sets in '\(dataFolder)'") }
        return files.map { URL(fileURLWithPath: dataFolder).appendingPathComponent($0).path }
    }

    /// Runs everything not already in runs.csv; returns all rows (previous and new).
    ///
    /// The output folder is locked for the whole bench (`OutputFolderLock`): a second bench (or run) on
    /// it is refused, naming the holder, instead of interleaving lines and repeating runs.
    public func run(registry: Registry) throws -> [BenchRow] {
        for detector in detectors { _ = try registry.entry(detector, kind: .detector) }
        let files = try dataFiles()
        let lock = try OutputFolderLock(folder: outFolder, command: "dashost bench")
        defer { withExtendedLifetime(lock) {} }
        let log = try RunLog(path: outFolder + "/runs.csv")
        // summary.md is written last: check it before the first run, not after the last.
        _ = try OutputTarget.resolve(outFolder + "/summary.md", folder: outFolder)
        var rows = log.rows
        let allConfigs = (configs.contains { $0.name == "base" } ? [] : [try BenchConfig("base")]) + configs
        var plan: [(String, String, BenchConfig, UInt64)] = []
        for file in files { for detector in detectors { for config in allConfigs { for seed in seeds {
            plan.append((file, detector, config, seed))
        } } } }
        let done = Set(rows.map(\.key))
        let todo = plan.filter { !done.contains(BenchRunner.key($0.0, $0.1, $0.2.name, $0.3)) }
        progress("bench: \(plan.count) runs, \(plan.count - todo.count) already in \(log.path), \(todo.count) to go")
        for (index, item) in todo.enumerated() {
            let (file, detector, config, seed) = item
            let row = try runOne(file: file, detector: detector, config: config, seed: seed, registry: registry)
            try log.append(row)
            rows.append(row)
            progress(String(format: "[%d/%d] %@ %@ %@ seed=%llu: AUC-PR %.4f AUC-ROC %.4f (%.2f s)", index + 1, todo.count,
                            row.dataset, detector, config.name, seed, row.aucpr, row.aucroc, row.tTotal))
        }
        let summary = BenchSummary(rows: rows).markdown()
        try AtomicFileWriter.write(summary, to: outFolder + "/summary.md")
        return rows
    }

    private static func key(_ file: String, _ detector: String, _ config: String, _ seed: UInt64) -> String {
        BenchRow.key(dataset: DataFileAccess.datasetName(fromPath: file), detector: detector, config: config, seed: seed)
    }

    /// One run through the standard graph.
    func runOne(file: String, detector: String, config: BenchConfig, seed: UInt64, registry: Registry) throws -> BenchRow {
        var standard = try config.pipeline(detector: detector, data: file, seed: seed, registry: registry)
        if let params = detectorParams[detector] { standard.params["detector"] = params }
        let start = DispatchTime.now().uptimeNanoseconds
        let result: RunResult
        do {
            result = try PipelineRunner().run(try PipelineValidator.validate(try standard.spec(registry: registry), registry: registry,
                                                                             isolation: isolation))
        } catch {
            throw BenchError("\((file as NSString).lastPathComponent), \(detector), \(config.name), seed \(seed): \(error)")
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let column = config.enhance ? "enhanced" : "detector"
        guard let metric = result.metrics.first(where: { $0.column == column }) else {
            throw BenchError("\(file): the run produced no '\(column)' metrics")
        }
        let s = result.stages
        func rows(_ key: String) -> (Int, Int) {
            if case let .rows(r)? = result.values[key] { return (r.count, r.cols) }
            return (0, 0)
        }
        return BenchRow(dataset: metric.dataset, detector: detector, config: config.name, seed: seed,
                        aucpr: metric.aucpr, aucroc: metric.aucroc,
                        tDetectorFit: s["detector.fit"] ?? 0,
                        tDetectorScore: (s["detector.reference"] ?? 0) + (s["detector.score"] ?? 0),
                        tSynthesis: s["policy.generate"] ?? 0,
                        tClassifierFit: (s["classifier.fit"] ?? 0) + (s["classifier.reference"] ?? 0),
                        tClassifierScore: s["classifier.score"] ?? 0,
                        tFusion: result.seconds["enhanced"] ?? 0, tTotal: total,
                        nTrain: rows("data.train").0, nTest: rows("data.test").0, d: rows("data.train").1,
                        nSynthetic: rows("policy.anomalies").0)
    }
}

/// runs.csv: read on start with the CSV reader (quoted fields, line breaks inside quotes), appended one
/// whole record per `write(2)` as each run finishes. An interrupted bench leaves at most one cut-off
/// last record, which is dropped (the file is rewritten without it); a damaged record elsewhere is an
/// error naming its line.
@_spi(Testing) public final class RunLog {
    let path: String
    @_spi(Testing) public private(set) var rows: [BenchRow] = []

    @_spi(Testing) public init(path: String) throws {
        self.path = path
        // Only a regular file in the output folder (not a FIFO, device, or a symlink leading out of it).
        _ = try OutputTarget.resolve(path, folder: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        guard DataFileAccess.kind(path) != .missing else {
            try AtomicFileWriter.write(BenchRow.header + "\n", to: path)
            return
        }
        let bytes = try DataFileAccess.readAll(path)
        let header = Array((BenchRow.header + "\n").utf8)
        guard bytes.starts(with: header) || bytes == Array(BenchRow.header.utf8) else {
            throw BenchError("\(path) exists but is not a dashost bench log (header differs); use another --out")
        }
        // Each record is appended whole, ending in a newline, so a complete log parses as it is.
        if bytes.last == UInt8(ascii: "\n"), let parsed = try? Self.parse(bytes, path: path) {
            rows = parsed
            return
        }
        // Otherwise the tail is the cut-off record of an interrupted bench (which may end just after a
        // line break inside its quotes): keep the longest prefix ending in a newline that parses.
        let endsWithNewline = bytes.last == UInt8(ascii: "\n")
        for end in bytes.indices.reversed() where bytes[end] == UInt8(ascii: "\n") && end < bytes.count - 1 {
            guard let parsed = try? Self.parse(Array(bytes[0...end]), path: path) else { continue }
            // What is dropped must be that one cut-off record, never a complete one: if the tail splits
            // into whole records (more than one, or one that ended with its newline), it is damage.
            let tail = Array(bytes[(end + 1)...])
            if let records = try? CSVReader.splitRecords(tail, path: path), records.count > 1 || endsWithNewline {
                _ = try Self.parse(bytes, path: path)  // throws naming the damaged line
                throw BenchError("\(path): damaged records before the last one")
            }
            rows = parsed
            try AtomicFileWriter.write(to: path) { try $0.write(bytes: Array(bytes[0...end])) }
            return
        }
        try AtomicFileWriter.write(BenchRow.header + "\n", to: path)
    }

    /// Every row of a complete log image (header first); throws naming the first bad line.
    private static func parse(_ bytes: [UInt8], path: String) throws -> [BenchRow] {
        let records: [CSVReader.Record]
        do { records = try CSVReader.splitRecords(bytes, path: path) } catch { throw BenchError("\(error)") }
        return try records.dropFirst().map { record in
            guard let row = BenchRow(fields: record.fields) else { throw BenchError("\(path): malformed line \(record.line)") }
            return row
        }
    }

    @_spi(Testing) public func append(_ row: BenchRow) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchError("cannot append to \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let record = Array((row.csv + "\n").utf8)
        let written = record.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == record.count else { throw BenchError("cannot append to \(path): \(String(cString: strerror(errno)))") }
        rows.append(row)
    }
}
