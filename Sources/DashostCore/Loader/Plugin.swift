import CDashostPlugin
import Foundation

/// One plugin of a loaded library: its identity and schema as its descriptor declares them, and its
/// kind's function table. Identity comes from the binary; the registry only pairs, presets and pins.
public final class Plugin: @unchecked Sendable {
    /// The resolved path of the library file that holds it.
    public let path: String
    /// The plugin's unique name.
    public let name: String
    /// The plugin's own version string.
    public let version: String
    /// One-line summary.
    public let summary: String
    /// The algorithm in plain prose: what the LLM step reads to write a detector's policy.
    public let description: String
    /// Detectors: the policy the plugin pairs itself with, if it names one.
    public let defaultPolicy: String?
    /// What the plugin is.
    public let kind: PluginKind
    /// The ABI version the library was built against.
    public let abiMajor: UInt32, abiMinor: UInt32
    /// The parameters it accepts.
    public let schema: ParamSchema
    /// The C descriptor, handed back to `create` so one function can serve several plugins (nil
    /// when the scanner described the plugin from a child process).
    let descriptor: UnsafePointer<dashost_plugin_descriptor>?
    /// The kind's function table, owned by the plugin (nil as `descriptor`).
    let api: UnsafeRawPointer?
    /// The size the plugin declared for its function table.
    let tableSize: Int

    /// The plugin's parameters with their defaults, as a JSON object.
    public var defaultParams: String { schema.defaultsJSON }

    /// Reads and checks one plugin descriptor of the library at `path`.
    convenience init(_ descriptor: UnsafePointer<dashost_plugin_descriptor>, path: String, abiMajor: UInt32, abiMinor: UInt32) throws {
        let size = Int(descriptor.pointee.struct_size)
        guard size >= MemoryLayout<dashost_plugin_descriptor>.size else {
            throw LoadError.badDescriptor(path: path, reason: "a plugin descriptor declares \(size) bytes, ABI \(ABIVersion.string) needs \(MemoryLayout<dashost_plugin_descriptor>.size)")
        }
        let d = descriptor.pointee
        let name = d.name.map { String(cString: $0) } ?? ""
        var params: [RawParamSpec?] = []
        if d.param_count > 0 {
            guard let list = d.params else {
                throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)' declares \(d.param_count) params but no list")
            }
            for i in 0..<Int(d.param_count) {
                guard let p = list[i] else { params.append(nil); continue }
                guard Int(p.pointee.struct_size) >= MemoryLayout<dashost_param_spec>.size else {
                    throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)': params[\(i)] declares \(p.pointee.struct_size) bytes, ABI \(ABIVersion.string) needs \(MemoryLayout<dashost_param_spec>.size)")
                }
                params.append(try ParamSpec.raw(p.pointee))
            }
        }
        let raw = RawPluginDescriptor(name: name, version: d.version.map { String(cString: $0) }, kindCode: d.kind,
                                      summary: d.summary.map { String(cString: $0) }, description: d.description.map { String(cString: $0) },
                                      defaultPolicy: d.default_policy.map { String(cString: $0) }, params: params)
        try self.init(checking: raw, path: path, abiMajor: abiMajor, abiMinor: abiMinor, descriptor: descriptor)
        if let missing = missingFunction() { throw LoadError.badDescriptor(path: path, reason: "plugin '\(name)' has a NULL '\(missing)' function") }
    }

    /// A plugin the library scanner described from a child process: identity and schema only, no
    /// function table, so it can only run in a plugin server (an untrusted library is never opened here).
    convenience init(described raw: RawPluginDescriptor, path: String, abiMajor: UInt32, abiMinor: UInt32) throws {
        try self.init(checking: raw, path: path, abiMajor: abiMajor, abiMinor: abiMinor, descriptor: nil)
    }

    /// Checks a descriptor's fields (the same checks whichever process read them).
    private init(checking d: RawPluginDescriptor, path: String, abiMajor: UInt32, abiMinor: UInt32,
                 descriptor: UnsafePointer<dashost_plugin_descriptor>?) throws {
        func fail(_ reason: String) -> LoadError { LoadError.badDescriptor(path: path, reason: reason) }
        let name = d.name
        guard !name.isEmpty else { throw fail("a plugin has an empty name") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "_.-".contains($0)) }) else {
            throw fail("name '\(name)' must match [a-z0-9_.-]+")
        }
        guard let version = d.version, !version.isEmpty else { throw fail("plugin '\(name)' has no version") }
        guard let kind = PluginKind(code: d.kindCode) else { throw fail("plugin '\(name)' declares unknown kind \(d.kindCode)") }
        let description = d.description ?? ""
        if kind == .detector && description.isEmpty {
            throw fail("detector '\(name)' has no description (the algorithm text the LLM step reads)")
        }
        if d.defaultPolicy != nil && kind != .detector { throw fail("plugin '\(name)' is a \(kind.rawValue) but names a default_policy") }
        var specs: [ParamSpec] = []
        for (i, p) in d.params.enumerated() {
            guard let p else { throw fail("plugin '\(name)': params[\(i)] is NULL") }
            do { specs.append(try ParamSpec(checking: p)) } catch { throw fail("plugin '\(name)': \(error)") }
        }
        do { schema = try ParamSchema(specs) } catch { throw fail("plugin '\(name)': \(error)") }
        var api: UnsafeRawPointer?
        var tableSize = 0
        if let descriptor {
            guard let table = descriptor.pointee.api else { throw fail("plugin '\(name)' has no function table") }
            tableSize = Int(table.load(as: UInt32.self))
            guard tableSize >= kind.minimumTableSize else {
                throw fail("plugin '\(name)' declares a \(kind.rawValue) table of \(tableSize) bytes, ABI \(ABIVersion.string) needs at least \(kind.minimumTableSize)")
            }
            api = table
        }
        self.path = path
        self.name = name
        self.version = version
        self.summary = d.summary ?? ""
        self.description = description
        self.defaultPolicy = d.defaultPolicy
        self.kind = kind
        self.abiMajor = abiMajor
        self.abiMinor = abiMinor
        self.descriptor = descriptor
        self.api = api
        self.tableSize = tableSize
    }

    /// The descriptor's fields as the library scanner sends them to the host.
    var raw: RawPluginDescriptor {
        RawPluginDescriptor(name: name, version: version, kindCode: kind.code, summary: summary, description: description,
                            defaultPolicy: defaultPolicy, params: schema.specs.map { $0.raw })
    }

    /// Whether this process opened the library and holds the function table (false for a plugin the
    /// scanner described: it runs only in a plugin server).
    public var isLoadedHere: Bool { api != nil }

    /// The first required function pointer that is NULL, if any.
    private func missingFunction() -> String? {
        func first(_ pairs: [(String, Bool)]) -> String? { pairs.first { !$0.1 }?.0 }
        switch kind {
        case .detector:
            let t = table(dashost_detector_api.self)
            return first([("create", t.create != nil), ("destroy", t.destroy != nil), ("fit", t.fit != nil), ("score", t.score != nil)])
        case .policy:
            let t = table(dashost_policy_api.self)
            return first([("create", t.create != nil), ("destroy", t.destroy != nil), ("generate", t.generate != nil)])
        case .classifier:
            let t = table(dashost_classifier_api.self)
            return first([("create", t.create != nil), ("destroy", t.destroy != nil), ("fit", t.fit != nil),
                          ("predict_proba", t.predict_proba != nil)])
        case .fusion:
            let t = table(dashost_fusion_api.self)
            return first([("create", t.create != nil), ("destroy", t.destroy != nil), ("fuse", t.fuse != nil)])
        }
    }

    /// Throws unless this plugin is of `expected` kind.
    public func require(_ expected: PluginKind) throws {
        guard kind == expected else { throw LoadError.wrongKind(plugin: name, path: path, expected: expected, actual: kind) }
    }

    /// The kind's function table, read only as far as the plugin declared it (fields beyond it are zero).
    func table<T>(_ type: T.Type) -> T {
        let out = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        defer { out.deallocate() }
        out.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        if let api { out.copyMemory(from: api, byteCount: min(tableSize, MemoryLayout<T>.size)) }
        return out.load(as: T.self)
    }
}
