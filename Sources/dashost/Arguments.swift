/// A minimal command-line parser: `--name value`, `--name=value`, `--flag`, and positionals.
struct Arguments {
    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var used: Set<String> = []

    /// Parses `raw`; `flagNames` take no value, every other `--name` takes one.
    init(_ raw: [String], flagNames: Set<String>) throws {
        var i = 0
        while i < raw.count {
            let arg = raw[i]
            if arg.hasPrefix("--") {
                var name = String(arg.dropFirst(2))
                var value: String?
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if flagNames.contains(name) {
                    guard value == nil else { throw UsageError(message: "option --\(name) takes no value") }
                    flags.insert(name)
                } else {
                    if value == nil {
                        guard i + 1 < raw.count else { throw UsageError(message: "option --\(name) needs a value") }
                        i += 1
                        value = raw[i]
                    }
                    values[name, default: []].append(value!)
                }
            } else {
                positionals.append(arg)
            }
            i += 1
        }
    }

    /// The last value of `--name`, or nil.
    mutating func value(_ name: String) -> String? {
        used.insert(name)
        return values[name]?.last
    }

    /// Every value of a repeatable `--name`.
    mutating func all(_ name: String) -> [String] {
        used.insert(name)
        return values[name] ?? []
    }

    /// A required `--name`.
    mutating func required(_ name: String) throws -> String {
        guard let v = value(name) else { throw UsageError(message: "missing required option --\(name)") }
        return v
    }

    /// Whether `--name` was given.
    mutating func flag(_ name: String) -> Bool {
        used.insert(name)
        return flags.contains(name)
    }

    /// Throws on an option no accessor asked for (a typo must not be ignored).
    func rejectUnknown() throws {
        if let unknown = (Set(values.keys).union(flags)).subtracting(used).sorted().first {
            throw UsageError(message: "unknown option --\(unknown)")
        }
    }
}
