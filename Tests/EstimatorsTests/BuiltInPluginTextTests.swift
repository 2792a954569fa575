import CDashostPlugin
import Foundation
import XCTest

/// The built-in plugin libraries as the host sees them (dlopen + `dashost_library_entry`): every
/// plugin's summary, description (the text the LLM step reads) and parameter schema must stay exactly
/// the texts below, now that the defaults in them are interpolated from the estimators' constants.
/// Needs the plugin products built (`swift build`) next to the test bundle.
final class BuiltInPluginTextTests: XCTestCase {
    /// The libraries, as in Package.swift's `builtInPlugins`.
    static let libraries = ["iforest", "pca", "ocsvm", "ecod", "lof", "knn", "drl", "baseline_policies",
                            "random_forest", "decision_tree", "svm", "fusion", "python_bridge"]

    /// The build directory holding `libdashost_*.so`: the test bundle's, else the package's `.build/debug`.
    private static func libraryDirectory() -> URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("libdashost_fusion.so").path) }
    }

    /// One library's plugins rendered as text: a block per plugin, its schema one line per param.
    private static func render(_ library: String, in directory: URL) throws -> [String: String] {
        let path = directory.appendingPathComponent("libdashost_\(library).so").path
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw XCTSkip("cannot load \(path): \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, DASHOST_ENTRY_SYMBOL) else {
            XCTFail("\(path) exports no \(DASHOST_ENTRY_SYMBOL)")
            return [:]
        }
        let entry = unsafeBitCast(symbol, to: dashost_entry_fn.self)
        let d = entry()!.pointee
        var out: [String: String] = [:]
        for i in 0..<Int(d.plugin_count) {
            let p = d.plugins[i]!.pointee
            var text = "summary: \(String(cString: p.summary))\n"
            if let policy = p.default_policy { text += "default_policy: \(String(cString: policy))\n" }
            for j in 0..<Int(p.param_count) {
                let s = p.params[j]!.pointee
                var line = "param \(String(cString: s.name)) type=\(s.type) default=\(String(cString: s.default_value))"
                line += " range=\(s.minimum)...\(s.maximum)"
                if var c = s.choices {
                    var names: [String] = []
                    while let name = c.pointee { names.append(String(cString: name)); c += 1 }
                    line += " choices=\(names.joined(separator: ","))"
                }
                line += " doc=\(String(cString: s.doc))"
                text += line + "\n"
            }
            out[String(cString: p.name)] = text
            out[String(cString: p.name) + ".description"] = String(cString: p.description)
        }
        return out
    }

    private static func renderAll() throws -> [String: String] {
        guard let directory = libraryDirectory() else {
            XCTFail("libdashost_*.so not found next to the tests: run `swift build` first")
            return [:]
        }
        var all: [String: String] = [:]
        for library in libraries { all.merge(try render(library, in: directory)) { a, _ in a } }
        return all
    }

    /// Every plugin's description is today's text (registry.json of a10c387), word for word.
    func testBuiltInPluginDescriptionsAreUnchanged() throws {
        let rendered = try Self.renderAll()
        XCTAssertEqual(Set(rendered.keys.filter { $0.hasSuffix(".description") }.map { String($0.dropLast(12)) }),
                       Set(BuiltInPluginTexts.descriptions.keys))
        for (name, text) in BuiltInPluginTexts.descriptions.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(rendered[name + ".description"], text, name)
        }
    }

    /// Every plugin's summary, default policy and parameter schema (names, types, defaults, ranges,
    /// choices, docs) is today's.
    func testBuiltInPluginSummariesAndSchemasAreUnchanged() throws {
        let rendered = try Self.renderAll()
        if let path = ProcessInfo.processInfo.environment["DASHOST_RECORD_PLUGIN_TEXTS"] {
            let dump = rendered.keys.filter { !$0.hasSuffix(".description") }.sorted()
                .map { "\"\($0)\": #\"\"\"\n\(rendered[$0]!)\n\"\"\"#," }.joined(separator: "\n")
            try dump.write(toFile: path, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(Set(rendered.keys.filter { !$0.hasSuffix(".description") }), Set(BuiltInPluginTexts.schemas.keys))
        for (name, text) in BuiltInPluginTexts.schemas.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(rendered[name], text, name)
        }
    }
}
