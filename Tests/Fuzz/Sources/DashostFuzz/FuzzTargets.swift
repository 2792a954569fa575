// libFuzzer targets for dashost's parsers, one executable for all of them: `DASHOST_FUZZ_TARGET` picks
// the target (scripts/fuzz sets it). Each target hands the input bytes to a public parsing entry
// point, in memory where one exists, else through a file. A thrown Swift error is the correct outcome
// for a bad input; only a crash, a trap (an overflow, an out-of-range index, a failed precondition),
// a sanitizer report, a hang or an allocation past libFuzzer's limit is a finding.
//
// Targets:
//   npz-memory  NpzFile(bytes:) + array(named:) of every member, DatasetLoader's X/y checks, and
//               NumericArray(npyBytes:) when the input is a bare .npy
//   npz-stream  the streaming reader (Sources/DashostCore/Data/Streaming): NpyRowStream over every
//               member, in order and with gaps, plus wholeArray; the input is written to a file
//   mat         MatFile(path:) (the v5 layout check, then libmatio): every variable, X/y checks
//   csv         CSVReader.parse(bytes:), without a label column and with the label column "label"
//   pipeline    PipelineSpec(json:) then PipelineValidator.validate against the fixture registry
//   registry    RegistryDocument(data:), then Registry(files:) over it when it names only the fixture
//   params      ParamSchema.validate against the fixture plugins' schemas, then the standard
//               enhancement graph with the input as every node's params (what `dashost enhance
//               --detector-params ...` does), validated
//
// The fixture registry lists Tests/Fuzz/fixture_plugins.c built as a library (`DASHOST_FUZZ_FIXTURE`
// is its path), marked untrusted: validation then checks params against the schemas and never runs
// plugin code.
import Foundation
@_spi(Testing) import DashostCore

enum Target: String, CaseIterable {
    case npzMemory = "npz-memory"
    case npzStream = "npz-stream"
    case mat
    case csv
    case pipeline
    case registry
    case params
}

/// Set up once by `LLVMFuzzerInitialize`.
nonisolated(unsafe) private var target: Target = .npzMemory
nonisolated(unsafe) private var work = ""
nonisolated(unsafe) private var fixtureRegistry: Registry?
nonisolated(unsafe) private var fixtureRegistryFile = ""
private let fixtureLibraryName = "libfzfixture.so"

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("dashost-fuzz: \(message)\n".utf8))
    exit(2)
}

private func write(_ bytes: UnsafeRawBufferPointer, to path: String) {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fail("cannot write \(path)") }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let name = environment["DASHOST_FUZZ_TARGET"], let chosen = Target(rawValue: name) else {
        fail("set DASHOST_FUZZ_TARGET to one of: \(Target.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    target = chosen
    // One folder per process (libFuzzer's -jobs/-fork run several).
    let base = environment["DASHOST_FUZZ_WORK"] ?? NSTemporaryDirectory()
    work = base + "/worker-\(getpid())"
    try? FileManager.default.removeItem(atPath: work)
    do { try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true) } catch { fail("cannot create \(work): \(error)") }

    if [.pipeline, .registry, .params].contains(chosen) {
        guard let library = environment["DASHOST_FUZZ_FIXTURE"], FileManager.default.fileExists(atPath: library) else {
            fail("set DASHOST_FUZZ_FIXTURE to the fixture plugin library (Tests/Fuzz/fixture_plugins.c built with cc -shared)")
        }
        // The registry folder holds the library, so registry inputs can name it bare.
        let copy = work + "/" + fixtureLibraryName
        do { try FileManager.default.copyItem(atPath: library, toPath: copy) } catch { fail("cannot copy \(library): \(error)") }
        fixtureRegistryFile = work + "/fixture-registry.json"
        let text = """
            {"format": "dashost-registry/2", "defaults": {"classifier": "fz_classifier", "fusion": "fz_fusion"},
             "libraries": [{"library": "\(fixtureLibraryName)", "trust": "untrusted"}],
             "plugins": {"fz_detector": {"params": {"count": 20, "mode": "fast"}}},
             "presets": [{"name": "fz_preset", "plugin": "fz_detector", "params": {"weights": {"a": 1}}}]}
            """
        guard FileManager.default.createFile(atPath: fixtureRegistryFile, contents: Data(text.utf8)) else { fail("cannot write \(fixtureRegistryFile)") }
        do { fixtureRegistry = try Registry(files: [fixtureRegistryFile], environment: [:]) } catch { fail("the fixture registry does not load: \(error)") }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    switch target {
    case .npzMemory: npzMemory(Array(raw))
    case .npzStream: npzStream(raw)
    case .mat: mat(raw)
    case .csv: csv(Array(raw))
    case .pipeline: pipeline(Data(raw))
    case .registry: registry(raw)
    case .params: params(String(decoding: raw, as: UTF8.self))
    }
    return 0
}

// MARK: - Data files

/// What every loader does with X and y once read (DatasetLoader.assemble).
private func checkDataset(_ read: (String) throws -> NumericArray, names: [String], path: String) {
    for name in names { _ = try? read(name) }
    guard let x = try? read("X"), let features = try? DatasetLoader.featureMatrix(x, path: path, name: "X") else { return }
    if let y = try? read("y") { _ = try? DatasetLoader.labelVector(y, rows: features.rows, path: path, name: "y") }
}

private func npzMemory(_ bytes: [UInt8]) {
    let path = "fuzz.npz"
    if bytes.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) {
        _ = try? NumericArray(npyBytes: bytes, path: "fuzz.npy", name: "fuzz")
        return
    }
    guard let archive = try? NpzFile(bytes: bytes, path: path) else { return }
    _ = archive.uncompressedBytes
    checkDataset(archive.array(named:), names: Array(archive.arrayNames.prefix(8)), path: path)
}

private func npzStream(_ bytes: UnsafeRawBufferPointer) {
    let path = work + "/input.npz"
    write(bytes, to: path)
    _ = DatasetLoader.defaultChunkRows(path: path)
    guard let archive = try? NpzFile(path: path) else { return }
    for name in archive.arrayNames.prefix(8) {
        _ = try? NpyRowStream.wholeArray(npz: path, array: name)
        guard let stream = try? NpyRowStream(npz: path, array: name) else { continue }
        // Every row in chunks of 3 (at most 4096 rows, so the harness itself stays small), then every
        // 5th row two at a time (skips), then no rows.
        let all = Array(0..<min(stream.rows, 4096))
        _ = try? stream.forEachChunk(rows: all, chunkRows: 3) { matrix, _ in _ = matrix.values.count }
        _ = try? stream.forEachChunk(rows: all.filter { $0 % 5 == 1 }, chunkRows: 2) { matrix, _ in _ = matrix.values.count }
        _ = try? stream.forEachChunk(rows: [], chunkRows: 7) { matrix, _ in _ = matrix.values.count }
    }
}

private func mat(_ bytes: UnsafeRawBufferPointer) {
    let path = work + "/input.mat"
    write(bytes, to: path)
    guard let file = try? MatFile(path: path) else { return }
    let names = file.variableNames
    checkDataset(file.variable(named:), names: Array(names.prefix(8)), path: path)
}

private func csv(_ bytes: [UInt8]) {
    _ = try? CSVReader.parse(bytes: bytes, path: "fuzz.csv", labelColumn: nil)
    _ = try? CSVReader.parse(bytes: bytes, path: "fuzz.csv", labelColumn: "label")
}

// MARK: - JSON documents

private func pipeline(_ json: Data) {
    guard let spec = try? PipelineSpec(json: json, file: "fuzz-pipeline.json", folder: work) else { return }
    _ = try? PipelineValidator.validate(spec, registry: fixtureRegistry!, isolation: .none)
}

/// Whether every library the document lists is the fixture (named bare), so loading it as a registry
/// opens no other file.
private func namesOnlyFixture(_ data: Data) -> Bool {
    guard let root = (try? JSONDocument.parse(data, source: "fuzz")) as? [String: Any] else { return false }
    guard let libraries = root["libraries"] as? [Any] else { return true }
    return libraries.allSatisfy { item in
        if let name = item as? String { return name == fixtureLibraryName }
        if let object = item as? [String: Any], let name = object["library"] as? String { return name == fixtureLibraryName }
        return true  // refused by the parser before anything is opened
    }
}

private func registry(_ bytes: UnsafeRawBufferPointer) {
    let data = Data(bytes)
    guard (try? RegistryDocument(data: data, file: "fuzz-registry.json")) != nil, namesOnlyFixture(data) else { return }
    let path = work + "/registry.json"
    write(bytes, to: path)
    // Alone, and as a fragment after the fixture registry (overrides and presets of its plugins),
    // strict (the first problem throws) and collecting problems (`dashost plugins`).
    for strict in [true, false] {
        _ = try? Registry(files: [path], environment: [:], strict: strict)
        _ = try? Registry(files: [fixtureRegistryFile, path], environment: [:], strict: strict)
    }
}

private func params(_ text: String) {
    let registry = fixtureRegistry!
    for entry in registry.entries {
        if let validated = try? entry.plugin.schema.validate(text) {
            _ = validated.json
            _ = validated.values.values.map(\.description)
        }
    }
    // `dashost enhance --detector-params TEXT ...`: the CLI checks that each is a JSON object, then the
    // standard graph carries it into every node, merged over the registry's params.
    guard (try? JSONDocument.parseObject(text, source: "fuzz")) != nil else { return }
    var standard = StandardPipeline(detector: "fz_detector", data: "fuzz.npz")
    for role in ["detector", "policy", "classifier", "fusion"] { standard.params[role] = text }
    if let spec = try? standard.spec(registry: registry) { _ = try? PipelineValidator.validate(spec, registry: registry) }
    standard.detector = "fz_preset"
    if let spec = try? standard.spec(registry: registry) { _ = try? PipelineValidator.validate(spec, registry: registry) }
}
