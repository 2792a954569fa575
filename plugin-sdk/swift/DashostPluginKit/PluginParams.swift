import CDashostPlugin

/// The parameters a plugin instance is created with, read through typed accessors.
///
/// Every accessor names its key, its default, its bounds or choices and a one-line `doc`. The same
/// calls serve two purposes:
///
/// - **Schema.** When the library's descriptor is built, the export runs each plugin type's
///   `init(params:seed:)` once with a recording `PluginParams`: every accessor then returns its default
///   and records a `dashost_param_spec` (name, type, doc, default, bounds, choices). The host validates
///   pipeline params against that schema, so read every parameter unconditionally in `init` (a key
///   read only in some branch is missing from the schema, and the host rejects it as unknown).
/// - **Values.** In `create`, values come from the host's typed getters (`dashost_host.param_int`,
///   ...), already checked against the schema and with defaults filled in; the accessors still apply
///   their own range and choice checks, which are cheap.
///
/// `host` gives the instance's host services (logging, progress, cancellation, random stream, numeric
/// helpers); keep it if the plugin needs them after `init`.
public final class PluginParams {
    /// Where values come from.
    enum Source {
        /// The schema is being recorded: every accessor returns its default.
        case recording(SchemaRecorder)
        /// A live instance: the host's getters.
        case host(UnsafePointer<dashost_host>)
        /// Unit tests: values as `JSONSerialization` gives them (see `PluginParams+Testing.swift`).
        case values([String: Any], TestReads)
    }

    let source: Source

    /// The host services of the instance being created; `nil` while the schema is recorded and for
    /// params made by unit tests (`init(testing:)`).
    public let host: PluginHost?

    init(source: Source) {
        self.source = source
        if case .host(let table) = source { host = PluginHost(table) } else { host = nil }
    }

    /// Params read from a host table (what `create` hands a plugin).
    public convenience init(host table: UnsafePointer<dashost_host>) {
        self.init(source: .host(table))
    }

    // MARK: - Accessors

    /// A finite real number in `range` (inclusive), or `defaultValue` when absent.
    ///
    /// An unbounded side of `range` (`-.infinity` / `.infinity`) is unbounded in the schema too.
    public func double(_ key: String, default defaultValue: Double,
                       in range: ClosedRange<Double> = -Double.infinity...Double.infinity, doc: String) throws -> Double {
        let v: Double
        switch source {
        case .recording(let recorder):
            guard defaultValue.isFinite, range.contains(defaultValue) else {
                throw PluginError.internalError("parameter '\(key)': default \(defaultValue) is not a finite number in its range")
            }
            try recorder.record(ParamSpec(name: key, type: .double, doc: doc, defaultValue: JSONLiteral.number(defaultValue),
                                      minimum: range.lowerBound, maximum: range.upperBound))
            return defaultValue
        case .host(let table):
            var out = 0.0
            try check(PluginHost.function(table, \.param_double).map { f in key.withCString { f(table, $0, &out) } }, key, "a number")
            v = out
        case .values(let values, let reads):
            guard let raw = reads.value(values, key) else { return defaultValue }
            v = try TestValues.number(raw, [key])
        }
        guard v.isFinite, range.contains(v) else {
            throw PluginError.badParams("parameter '\(key)' = \(v) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// An integer in `range` (inclusive), or `defaultValue` when absent. `3.0` is accepted, `3.5` is not.
    ///
    /// `Int.min` / `Int.max` as a bound mean unbounded (`-infinity` / `infinity` in the schema).
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max,
                    doc: String) throws -> Int {
        let i: Int
        switch source {
        case .recording(let recorder):
            guard range.contains(defaultValue) else {
                throw PluginError.internalError("parameter '\(key)': default \(defaultValue) is outside its range")
            }
            try recorder.record(ParamSpec(name: key, type: .int, doc: doc, defaultValue: "\(defaultValue)",
                                      minimum: range.lowerBound == Int.min ? -.infinity : Double(range.lowerBound),
                                      maximum: range.upperBound == Int.max ? .infinity : Double(range.upperBound)))
            return defaultValue
        case .host(let table):
            var out: Int64 = 0
            try check(PluginHost.function(table, \.param_int).map { f in key.withCString { f(table, $0, &out) } }, key, "an integer")
            i = Int(out)
        case .values(let values, let reads):
            guard let raw = reads.value(values, key) else { return defaultValue }
            let v = try TestValues.number(raw, [key])
            guard v.isFinite, v == v.rounded(), abs(v) < 9.0e15 else {
                throw PluginError.badParams("parameter '\(key)' must be an integer, got \(v)")
            }
            i = Int(v)
        }
        guard range.contains(i) else {
            throw PluginError.badParams("parameter '\(key)' = \(i) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return i
    }

    /// A boolean, or `defaultValue` when absent.
    public func bool(_ key: String, default defaultValue: Bool, doc: String) throws -> Bool {
        switch source {
        case .recording(let recorder):
            try recorder.record(ParamSpec(name: key, type: .bool, doc: doc, defaultValue: defaultValue ? "true" : "false"))
            return defaultValue
        case .host(let table):
            var out: Int32 = 0
            try check(PluginHost.function(table, \.param_bool).map { f in key.withCString { f(table, $0, &out) } }, key, "true or false")
            return out != 0
        case .values(let values, let reads):
            guard let raw = reads.value(values, key) else { return defaultValue }
            guard let b = TestValues.boolean(raw) else {
                throw PluginError.badParams("parameter '\(key)' must be true or false, got \(raw)")
            }
            return b
        }
    }

    /// A string, or `defaultValue` when absent.
    public func string(_ key: String, default defaultValue: String, doc: String) throws -> String {
        try text(key, default: defaultValue, choices: nil, doc: doc)
    }

    /// One of a fixed set of strings, or `defaultValue` when absent (the schema lists `allowed`).
    public func choice(_ key: String, default defaultValue: String, among allowed: [String], doc: String) throws -> String {
        let s = try text(key, default: defaultValue, choices: allowed, doc: doc)
        guard allowed.contains(s) else {
            throw PluginError.badParams("parameter '\(key)' = \"\(s)\" is not one of \(allowed.joined(separator: ", "))")
        }
        return s
    }

    /// A JSON object of finite numbers keyed by name (e.g. fusion weights), or `defaultValue` when absent.
    ///
    /// `range` bounds every value (inclusive; unbounded by default).
    public func doubles(_ key: String, default defaultValue: [String: Double],
                        in range: ClosedRange<Double> = -Double.infinity...Double.infinity, doc: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        switch source {
        case .recording(let recorder):
            guard defaultValue.values.allSatisfy(\.isFinite) else {
                throw PluginError.internalError("parameter '\(key)': a default weight is not finite")
            }
            try recorder.record(ParamSpec(name: key, type: .weights, doc: doc, defaultValue: JSONLiteral.object(defaultValue),
                                      minimum: range.lowerBound, maximum: range.upperBound))
            return defaultValue
        case .host(let table):
            guard let count = PluginHost.function(table, \.param_weights_count),
                  let entry = PluginHost.function(table, \.param_weights_entry) else {
                throw PluginError.badParams("parameter '\(key)': the host cannot read an object of numbers")
            }
            try key.withCString { name in
                for index in 0..<count(table, name) {
                    var k: UnsafePointer<CChar>? = nil
                    var value = 0.0
                    try check(entry(table, name, index, &k, &value), key, "an object of numbers")
                    out[k.map { String(cString: $0) } ?? ""] = value
                }
            }
        case .values(let values, let reads):
            guard let raw = reads.value(values, key) else { return defaultValue }
            guard let object = raw as? [String: Any] else {
                throw PluginError.badParams("parameter '\(key)' must be an object of numbers")
            }
            for (name, value) in object { out[name] = try TestValues.number(value, [key, name]) }
        }
        for (name, v) in out {
            guard v.isFinite else { throw PluginError.badParams("parameter '\(key).\(name)' must be finite") }
            guard range.contains(v) else {
                throw PluginError.badParams("parameter '\(key).\(name)' = \(v) is out of range \(range.lowerBound)...\(range.upperBound)")
            }
        }
        return out
    }

    // MARK: - Helpers

    /// A string parameter, with or without a list of allowed values.
    private func text(_ key: String, default defaultValue: String, choices: [String]?, doc: String) throws -> String {
        switch source {
        case .recording(let recorder):
            try recorder.record(ParamSpec(name: key, type: .string, doc: doc, defaultValue: JSONLiteral.string(defaultValue),
                                      choices: choices))
            return defaultValue
        case .host(let table):
            guard let s = PluginHost.function(table, \.param_string).flatMap({ f in key.withCString { f(table, $0) } }) else {
                throw PluginError.badParams("parameter '\(key)': the host has no string parameter of that name")
            }
            return String(cString: s)
        case .values(let values, let reads):
            guard let raw = reads.value(values, key) else { return defaultValue }
            guard let s = raw as? String else { throw PluginError.badParams("parameter '\(key)' must be a string, got \(raw)") }
            return s
        }
    }

    /// Throws unless a host getter returned `DASHOST_OK` (`nil`: the host has no such getter).
    private func check(_ status: dashost_status?, _ key: String, _ what: String) throws {
        guard let status else { throw PluginError.badParams("parameter '\(key)': the host cannot read \(what)") }
        guard status == DASHOST_OK else {
            let name = dashost_status_name(status).map { String(cString: $0) } ?? "status \(status)"
            throw PluginError(status, "parameter '\(key)' could not be read as \(what) (\(name) from the host)")
        }
    }
}

/// Collects the schema while a plugin type's `init` runs with defaults.
final class SchemaRecorder {
    private(set) var specs: [ParamSpec] = []
    private var seen: [String: ParamSpec.ValueType] = [:]

    /// Appends `spec` unless its key was recorded already (a key read twice keeps its first entry;
    /// read with two types, it is an error of the plugin).
    func record(_ spec: ParamSpec) throws {
        if let type = seen[spec.name] {
            guard type == spec.type else {
                throw PluginError.internalError("parameter '\(spec.name)' is read both as \(type) and as \(spec.type)")
            }
            return
        }
        seen[spec.name] = spec.type
        specs.append(spec)
    }
}
