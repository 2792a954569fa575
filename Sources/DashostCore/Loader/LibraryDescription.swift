import Foundation

/// What the library scanner reports of a library it opened in a child process: the ABI version and
/// every plugin descriptor's fields, as JSON on the child's standard output. The host builds its
/// `Plugin`s from it, checking every field again, without ever opening the library itself.
struct LibraryDescription: Sendable, Equatable {
    var abiMajor: UInt32, abiMinor: UInt32
    var plugins: [RawPluginDescriptor]

    /// The description of a library this process opened.
    init(_ library: PluginLibrary) {
        abiMajor = library.abiMajor
        abiMinor = library.abiMinor
        plugins = library.plugins.map(\.raw)
    }

    /// The JSON the scanner child prints (bounds that are infinite are written as null).
    var json: Data {
        func bound(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        func optional(_ s: String?) -> Any { s ?? NSNull() }
        let object: [String: Any] = [
            "abi_major": abiMajor, "abi_minor": abiMinor,
            "plugins": plugins.map { p -> [String: Any] in
                ["name": p.name, "version": optional(p.version), "kind": p.kindCode, "summary": optional(p.summary),
                 "description": optional(p.description), "default_policy": optional(p.defaultPolicy),
                 "params": p.params.map { spec -> Any in
                     guard let spec else { return NSNull() }
                     return ["name": optional(spec.name), "type": spec.typeCode, "doc": optional(spec.doc),
                             "default_value": optional(spec.defaultLiteral), "minimum": bound(spec.minimum),
                             "maximum": bound(spec.maximum), "choices": spec.choices.map { $0 as Any } ?? NSNull()]
                 }]
            }]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// Reads the scanner child's JSON; anything malformed is an error (a child's output is not trusted).
    init(json data: Data) throws {
        func bad(_ what: String) -> Error { IsolationError.protocolViolation("the library scanner's description: \(what)") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw bad("not a JSON object") }
        func code(_ value: Any?, _ what: String) throws -> UInt32 {
            guard let value, let d = JSONNumber.double(value), let c = UInt32(exactly: d) else { throw bad("\(what) is not a code") }
            return c
        }
        func text(_ value: Any?, _ what: String) throws -> String? {
            if value == nil || value is NSNull { return nil }
            guard let s = value as? String else { throw bad("\(what) is not a string") }
            return s
        }
        func bound(_ value: Any?, _ unbounded: Double, _ what: String) throws -> Double {
            if value == nil || value is NSNull { return unbounded }
            guard let value, let d = JSONNumber.double(value) else { throw bad("\(what) is not a number") }
            return d
        }
        abiMajor = try code(object["abi_major"], "abi_major")
        abiMinor = try code(object["abi_minor"], "abi_minor")
        guard let list = object["plugins"] as? [[String: Any]] else { throw bad("no plugin list") }
        plugins = try list.enumerated().map { i, p in
            guard let name = try text(p["name"], "plugins[\(i)].name") else { throw bad("plugins[\(i)] has no name") }
            guard let params = p["params"] as? [Any] else { throw bad("plugin '\(name)' has no params list") }
            return RawPluginDescriptor(
                name: name, version: try text(p["version"], "version"), kindCode: try code(p["kind"], "plugin '\(name)' kind"),
                summary: try text(p["summary"], "summary"), description: try text(p["description"], "description"),
                defaultPolicy: try text(p["default_policy"], "default_policy"),
                params: try params.enumerated().map { j, raw -> RawParamSpec? in
                    if raw is NSNull { return nil }
                    guard let s = raw as? [String: Any] else { throw bad("plugin '\(name)' params[\(j)] is not an object") }
                    var choices: [String]?
                    if let c = s["choices"], !(c is NSNull) {
                        guard let strings = c as? [String] else { throw bad("plugin '\(name)' params[\(j)].choices is not a list of strings") }
                        choices = strings
                    }
                    return RawParamSpec(name: try text(s["name"], "params name"), typeCode: try code(s["type"], "plugin '\(name)' params[\(j)].type"),
                                        doc: try text(s["doc"], "doc"), defaultLiteral: try text(s["default_value"], "default_value"),
                                        minimum: try bound(s["minimum"], -.infinity, "minimum"), maximum: try bound(s["maximum"], .infinity, "maximum"),
                                        choices: choices)
                })
        }
    }
}
