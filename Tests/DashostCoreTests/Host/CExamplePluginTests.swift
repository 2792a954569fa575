import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The plain-C side of the SDK: the header compiles as C99 and C++; every C block of
/// docs/plugin-guide.md is a complete translation unit; both C examples (zscore-c, histogram-c) build
/// with `make OUT=DIR` against the header alone, compile as C++, export a valid ABI 2.0 library
/// descriptor, pass `dashost check`, and run through their registry fragments; the layout check
/// compiles for 32- and 64-bit targets.
///
/// Nothing here links the host's Swift API: the examples are checked through the C toolchain, `dlopen`
/// and the `dashost` executable, as a third party would.
final class CExamplePluginTests: XCTestCase {
    private static let root = HostFixtures.packageRoot
    private static let include = root + "/plugin-sdk/include"

    /// One C example: its folder, source, library and the plugins it must contain.
    private struct Example {
        let folder: String
        let source: String
        let library: String
        let plugins: [(name: String, kind: UInt32)]
    }

    private static let zscore = Example(folder: root + "/plugin-sdk/examples/zscore-c", source: "zscore.c",
                                        library: "libdashost_zscore.so", plugins: [("zscore", 1)])
    private static let histogram = Example(folder: root + "/plugin-sdk/examples/histogram-c", source: "histogram.c",
                                           library: "libdashost_histogram.so",
                                           plugins: [("histogram", 1), ("histogram_policy", 2)])
    private static let examples = [zscore, histogram]

    // MARK: - helpers

    private struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a command (through /usr/bin/env unless `executable` is an absolute path); output goes to
    /// files, so a chatty command cannot block on a full pipe.
    private func run(_ executable: String, _ arguments: [String], in directory: String = root) throws -> Run {
        let dir = try HostFixtures.temporaryDirectory()
        let outPath = dir + "/stdout", errPath = dir + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        // Read through FileHandle: String(contentsOfFile:) leaks a 4 KiB buffer per empty file on
        // Linux (swift-foundation's readDataFromFile), which LeakSanitizer reports.
        func text(_ path: String) -> String {
            String(decoding: FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        }
        return Run(status: process.terminationStatus, stdout: text(outPath), stderr: text(errPath))
    }

    /// Builds an example with its Makefile into a fresh folder (`make OUT=DIR`) and returns the library path.
    private func build(_ example: Example, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let out = try HostFixtures.temporaryDirectory() + "/build"
        let r = try run("make", ["-s", "-C", example.folder, "OUT=" + out])
        guard r.status == 0 else {
            throw FixtureError("make -C \(example.folder) OUT=\(out) failed (\(r.status)):\n\(r.stdout)\(r.stderr)")
        }
        let library = out + "/" + example.library
        XCTAssertTrue(FileManager.default.fileExists(atPath: library), "make did not produce \(library)", file: file, line: line)
        return library
    }

    /// The built `dashost` executable (as CommandLineTests finds it).
    private func dashostExecutable() throws -> String {
        let exe = HostFixtures.pluginDirectory + "/dashost"
        guard FileManager.default.isExecutableFile(atPath: exe) else {
            throw FixtureError("\(exe) not built: run `swift build -c release` first (scripts/test does)")
        }
        return exe
    }

    /// Builds an example into a fresh folder and copies its registry fragment next to the library, so
    /// the fragment's bare library name resolves there.
    private func buildWithFragment(_ example: Example) throws -> (library: String, fragment: String) {
        let library = try build(example)
        let fragment = URL(fileURLWithPath: library).deletingLastPathComponent().path + "/registry.json"
        try FileManager.default.copyItem(atPath: example.folder + "/registry.json", toPath: fragment)
        return (library, fragment)
    }

    // MARK: - the header and the guide

    func testHeaderCompilesAsStrictC99AndAsCPlusPlus() throws {
        let dir = try HostFixtures.temporaryDirectory()
        let source = try HostFixtures.write("#include \"dashost_plugin.h\"\nint main(void) { return DASHOST_OK; }\n", to: "t.c", in: dir)
        for (compiler, flags) in [("cc", ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"]),
                                  ("c++", ["-x", "c++", "-std=c++11", "-Wall", "-Wextra", "-Wpedantic", "-Werror"])] {
            let r = try run(compiler, flags + ["-fsyntax-only", "-I", Self.include, source])
            XCTAssertEqual(r.status, 0, "\(compiler) \(flags.joined(separator: " ")) rejected dashost_plugin.h:\n\(r.stderr)")
        }
    }

    /// The fenced ```c blocks of a Markdown file, in order.
    static func cBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                if line.trimmingCharacters(in: .whitespaces) == "```c" { current = [] }
            } else if line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current!.append(line)
            }
        }
        return blocks
    }

    func testEveryCBlockOfThePluginGuideCompiles() throws {
        let guide = try String(contentsOfFile: Self.root + "/docs/plugin-guide.md", encoding: .utf8)
        let blocks = Self.cBlocks(in: guide)
        XCTAssertGreaterThanOrEqual(blocks.count, 2, "docs/plugin-guide.md should show a C detector and a C policy")
        let dir = try HostFixtures.temporaryDirectory()
        for (index, block) in blocks.enumerated() {
            let firstLine = block.split(separator: "\n").first.map(String.init) ?? ""
            let source = try HostFixtures.write(block, to: "block\(index).c", in: dir)
            let r = try run("cc", ["-std=c99", "-Wall", "-Werror", "-fsyntax-only", "-I", Self.include, source])
            XCTAssertEqual(r.status, 0, "docs/plugin-guide.md C block \(index + 1) (first line: \(firstLine)) does not compile:\n\(r.stderr)")
        }
    }

    // MARK: - building the examples

    func testExamplesBuildWithMakeIntoAnOutputDirectory() throws {
        for example in Self.examples {
            let library = try build(example)
            // Nothing but libc and libm: those are the only libraries it needs...
            let elf = try run("readelf", ["-d", library])
            XCTAssertEqual(elf.status, 0, elf.stderr)
            let needed = elf.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line -> String? in
                guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
                return String(line[line.index(after: open)..<close])
            }
            XCTAssertTrue(Set(needed).isSubset(of: ["libc.so.6", "libm.so.6"]), "\(example.library) needs \(needed)")
            // ...and every symbol it leaves undefined resolves in them (an executable linked against it
            // with --no-allow-shlib-undefined).
            let dir = URL(fileURLWithPath: library).deletingLastPathComponent().path
            let main = try HostFixtures.write("int main(void) { return 0; }\n", to: "main.c", in: dir)
            let link = try run("cc", ["-o", dir + "/linked", main, library, "-lm", "-Wl,--no-allow-shlib-undefined"])
            XCTAssertEqual(link.status, 0, "\(example.library) has symbols libc and libm do not define:\n\(link.stderr)")
        }
    }

    func testExamplesCompileAsCPlusPlus() throws {
        for example in Self.examples {
            let r = try run("c++", ["-x", "c++", "-std=c++11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", Self.include,
                                    example.folder + "/" + example.source])
            XCTAssertEqual(r.status, 0, "\(example.source) does not compile as C++:\n\(r.stderr)")
        }
    }

    /// Opens each built example with dlopen, calls `dashost_library_entry` and reads the library and
    /// plugin descriptors by their documented offsets (docs/abi.md; plugin-sdk/src/abi_layout_check.c).
    func testExampleLibrariesExportAnABI2Descriptor() throws {
        let P = MemoryLayout<UnsafeRawPointer>.size
        func string(_ base: UnsafeRawPointer, _ offset: Int) -> String? {
            base.loadUnaligned(fromByteOffset: offset, as: UnsafePointer<CChar>?.self).map { String(cString: $0) }
        }
        for example in Self.examples {
            let path = try build(example)
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                XCTFail("dlopen(\(path)): \(String(cString: dlerror()))")
                continue
            }
            guard let symbol = dlsym(handle, "dashost_library_entry") else {
                XCTFail("\(example.library) does not export dashost_library_entry")
                continue
            }
            typealias Entry = @convention(c) () -> UnsafeRawPointer?
            guard let library = unsafeBitCast(symbol, to: Entry.self)() else {
                XCTFail("\(example.library): dashost_library_entry returned NULL")
                continue
            }
            XCTAssertEqual(library.loadUnaligned(fromByteOffset: 0, as: UInt32.self), 2, "abi_major")
            XCTAssertEqual(library.loadUnaligned(fromByteOffset: 4, as: UInt32.self), 0, "abi_minor")
            XCTAssertEqual(Int(library.loadUnaligned(fromByteOffset: 8, as: UInt32.self)), 16 + P, "library struct_size")
            let count = Int(library.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            XCTAssertEqual(count, example.plugins.count, "\(example.library): plugin_count")
            guard let plugins = library.loadUnaligned(fromByteOffset: 16, as: UnsafeRawPointer?.self) else {
                XCTFail("\(example.library): plugins is NULL")
                continue
            }
            for (index, expected) in example.plugins.enumerated() where index < count {
                guard let plugin = plugins.loadUnaligned(fromByteOffset: index * P, as: UnsafeRawPointer?.self) else {
                    XCTFail("\(example.library): plugins[\(index)] is NULL")
                    continue
                }
                let name = string(plugin, 8) ?? "<NULL>"
                XCTAssertEqual(Int(plugin.loadUnaligned(fromByteOffset: 0, as: UInt32.self)), 8 + 8 * P, "\(name): struct_size")
                XCTAssertEqual(plugin.loadUnaligned(fromByteOffset: 4, as: UInt32.self), expected.kind, "\(name): kind")
                XCTAssertEqual(name, expected.name)
                XCTAssertFalse((string(plugin, 8 + P) ?? "").isEmpty, "\(name): version")
                XCTAssertFalse((string(plugin, 8 + 2 * P) ?? "").isEmpty, "\(name): summary")
                XCTAssertNotNil(plugin.loadUnaligned(fromByteOffset: 8 + 7 * P, as: UnsafeRawPointer?.self), "\(name): api")
                if expected.kind == 1 {
                    XCTAssertGreaterThan((string(plugin, 8 + 3 * P) ?? "").count, 200, "\(name): a detector needs a real description")
                    XCTAssertNotNil(string(plugin, 8 + 4 * P), "\(name): a detector names its default policy")
                }
                // The schema: every parameter documented, with a numeric default inside its bounds.
                let paramCount = Int(plugin.loadUnaligned(fromByteOffset: 8 + 6 * P, as: UInt32.self))
                let params = plugin.loadUnaligned(fromByteOffset: 8 + 5 * P, as: UnsafeRawPointer?.self)
                XCTAssertTrue(paramCount == 0 || params != nil, "\(name): param_count \(paramCount) but params is NULL")
                for k in 0..<(params == nil ? 0 : paramCount) {
                    guard let spec = params!.loadUnaligned(fromByteOffset: k * P, as: UnsafeRawPointer?.self) else {
                        XCTFail("\(name): params[\(k)] is NULL")
                        continue
                    }
                    let key = string(spec, 8) ?? "<NULL>"
                    XCTAssertEqual(Int(spec.loadUnaligned(fromByteOffset: 0, as: UInt32.self)), 24 + 4 * P, "\(name).\(key): struct_size")
                    XCTAssertFalse((string(spec, 8 + P) ?? "").isEmpty, "\(name).\(key): doc")
                    let minimum = spec.loadUnaligned(fromByteOffset: 8 + 3 * P, as: Double.self)
                    let maximum = spec.loadUnaligned(fromByteOffset: 16 + 3 * P, as: Double.self)
                    if let value = string(spec, 8 + 2 * P).flatMap(Double.init) {
                        XCTAssertTrue(minimum <= value && value <= maximum, "\(name).\(key): default \(value) outside [\(minimum), \(maximum)]")
                    } else {
                        XCTFail("\(name).\(key): default is not a number")
                    }
                }
            }
            if example.library == Self.histogram.library, count == 2, let detector = plugins.loadUnaligned(as: UnsafeRawPointer?.self) {
                XCTAssertEqual(string(detector, 8 + 4 * P), "histogram_policy", "histogram's default_policy")
            }
        }
    }

    // MARK: - through the dashost executable

    func testCheckPassesEveryPluginOfBothExamples() throws {
        let dashost = try dashostExecutable()
        for example in Self.examples {
            let library = try build(example)
            let r = try run(dashost, ["check", library])
            XCTAssertEqual(r.status, 0, "dashost check \(example.library) failed:\n\(r.stdout)\(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            let failures = lines.filter { $0.hasPrefix("FAIL") }
            XCTAssertTrue(failures.isEmpty, "dashost check \(example.library):\n\(failures.joined(separator: "\n"))")
            XCTAssertTrue(lines.contains { $0.hasPrefix("PASS") }, "dashost check \(example.library) printed no PASS line:\n\(r.stdout)")
            for plugin in example.plugins {
                XCTAssertTrue(r.stdout.contains(plugin.name), "dashost check \(example.library) did not check \(plugin.name):\n\(r.stdout)")
            }
        }
    }

    /// The AUC-ROC column of the metrics table `dashost enhance` / `dashost run` print.
    private func aucROC(_ stdout: String) -> [Double] {
        let lines = stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        guard let header = lines.first(where: { $0.contains("AUC-ROC") }), let column = header.firstIndex(of: "AUC-ROC") else { return [] }
        return lines.compactMap { $0.count == header.count ? Double($0[column]) : nil }
    }

    func testEnhanceRunsTheHistogramDetectorThroughItsFragment() throws {
        let dashost = try dashostExecutable()
        let (_, fragment) = try buildWithFragment(Self.histogram)
        let r = try run(dashost, ["enhance", "--registry", fragment, "--detector", "histogram",
                                  "--data", "examples/data/breastw.csv", "--label", "anomaly"])
        XCTAssertEqual(r.status, 0, "dashost enhance --detector histogram failed:\n\(r.stdout)\(r.stderr)")
        XCTAssertTrue(r.stdout.contains("AUC-PR") && r.stdout.contains("AUC-ROC"), r.stdout)
        let auc = aucROC(r.stdout)
        XCTAssertGreaterThanOrEqual(auc.count, 2, "expected the detector's and the enhanced AUC lines:\n\(r.stdout)")
        // HBOS on Breast Cancer Wisconsin: AUC-ROC 0.996 (PyOD's algorithm, the paper's split).
        for value in auc { XCTAssertGreaterThan(value, 0.9, r.stdout) }
    }

    func testZScorePipelineRunsThroughItsFragment() throws {
        let dashost = try dashostExecutable()
        let (_, fragment) = try buildWithFragment(Self.zscore)
        let r = try run(dashost, ["run", "--registry", fragment, "examples/pipelines/zscore-c-plugin.json"])
        XCTAssertEqual(r.status, 0, "dashost run zscore-c-plugin.json failed:\n\(r.stdout)\(r.stderr)")
        let auc = aucROC(r.stdout)
        XCTAssertEqual(auc.count, 2, "expected the zscore and enhanced AUC lines:\n\(r.stdout)")
        for value in auc { XCTAssertGreaterThan(value, 0.9, r.stdout) }
    }

    // MARK: - the layout check on other targets

    /// plugin-sdk/src/abi_layout_check.c asserts every offset in terms of the pointer size; compile it
    /// for ILP32 (i386, 64-bit fields 4-aligned) and LP64 targets with a freestanding clang, a stub
    /// stdio.h standing in for the target's libc (the header needs only vsnprintf from it).
    func testLayoutCheckCompilesForI386() throws {
        let candidates = ["/opt/swift/usr/bin/clang", "/usr/bin/clang"]
        guard let clang = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("clang not found (looked for \(candidates.joined(separator: ", ")))")
        }
        let stubs = try HostFixtures.temporaryDirectory()
        try HostFixtures.write("int vsnprintf(char *restrict s, __SIZE_TYPE__ n, const char *restrict format, __builtin_va_list ap);\n",
                               to: "stdio.h", in: stubs)
        for target in ["i386-linux-gnu", "x86_64-linux-gnu", "aarch64-linux-gnu"] {
            let r = try run(clang, ["--target=" + target, "-ffreestanding", "-std=c11", "-isystem", stubs, "-fsyntax-only",
                                    "-I", Self.include, Self.root + "/plugin-sdk/src/abi_layout_check.c"])
            XCTAssertEqual(r.status, 0, "abi_layout_check.c fails for \(target):\n\(r.stderr)")
        }
    }
}
