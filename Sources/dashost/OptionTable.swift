/// The command line's one source of truth: every command declares its options once, in a
/// `CommandTable`, and both the parser (`CommandTable.parse`) and the help text (`CommandTable.usage`)
/// are generated from it, so they cannot disagree.

/// One `--name` option.
struct Option: Sendable {
    /// What follows the name.
    enum Kind: Sendable, Equatable {
        /// `--name`: no value.
        case flag
        /// `--name VALUE` or `--name=VALUE`; given twice, the last one counts.
        case value
        /// `--name VALUE`, any number of times; every value is kept in order.
        case repeatable
    }

    /// What applies when the option is not given.
    enum Default: Sendable, Equatable {
        case none
        /// A literal value: returned by `ParsedArguments.value` and shown in the help.
        case value(String)
        /// Shown in the help only; the command (or the library type it configures) decides.
        case note(String)
    }

    /// The name without the dashes (`detector` for `--detector`).
    let name: String
    let kind: Kind
    /// The value's placeholder in the help (`NAME`, `FILE`, `JSON`); empty for flags.
    let placeholder: String
    /// One line of help.
    let help: String
    let defaultValue: Default
    /// Whether the command refuses to run without it.
    let required: Bool
    /// A one-letter alias (`-h`).
    let short: Character?

    /// A flag: `--name`.
    static func flag(_ name: String, short: Character? = nil, help: String) -> Option {
        Option(name: name, kind: .flag, placeholder: "", help: help, defaultValue: .none, required: false, short: short)
    }

    /// An option with one value.
    static func value(_ name: String, _ placeholder: String, help: String, default defaultValue: Default = .none,
                      required: Bool = false, short: Character? = nil) -> Option {
        Option(name: name, kind: .value, placeholder: placeholder, help: help, defaultValue: defaultValue, required: required,
               short: short)
    }

    /// An option that may be given several times.
    static func repeatable(_ name: String, _ placeholder: String, help: String) -> Option {
        Option(name: name, kind: .repeatable, placeholder: placeholder, help: help, defaultValue: .none, required: false, short: nil)
    }

    /// `-h`, `--help`: part of every table.
    static let help = Option.flag("help", short: "h", help: "print this help and exit")

    /// `--name`, or `--name PLACEHOLDER`.
    var spelling: String { kind == .flag ? "--\(name)" : "--\(name) \(placeholder)" }
}

/// A positional argument (always exactly one of each).
struct Positional: Sendable {
    let placeholder: String
    let help: String
}

/// Options several commands share (the registry options), listed under their own heading.
struct OptionGroup: Sendable {
    /// Heading, also the synopsis placeholder (`registry options`).
    let title: String
    let options: [Option]
}

/// `-h` / `--help` was given: the caller prints `usage` and exits 0.
struct HelpRequest: Error {
    let usage: String
}

/// A command's interface: name, one-line summary, positionals and options.
struct CommandTable: Sendable {
    let command: String
    let summary: String
    var positionals: [Positional] = []
    var options: [Option] = []
    var groups: [OptionGroup] = []
    /// A paragraph printed after the options.
    var notes: String?

    /// Every option the command accepts, `--help` last.
    var allOptions: [Option] { options + groups.flatMap(\.options) + [.help] }

    /// Points a usage error at this command's help.
    var hint: String { "Run 'dashost \(command) --help' for usage." }

    // MARK: Parsing

    /// Parses `raw` against the table: `--name value`, `--name=value`, `--flag`, `-h`, positionals, and
    /// `--` (everything after it is positional). Throws `HelpRequest` when `-h` / `--help` is given
    /// (whatever else is on the line) and `UsageError` for an unknown option, a missing or unexpected
    /// value, a missing required option or the wrong number of positionals.
    func parse(_ raw: [String]) throws -> ParsedArguments {
        let beforeTerminator = raw.prefix { $0 != "--" }
        if beforeTerminator.contains(where: { $0 == "--help" || $0 == "-h" }) { throw HelpRequest(usage: usage) }
        let byName = Dictionary(allOptions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var positionals: [String] = []
        var values: [String: [String]] = [:]
        var flags: Set<String> = []
        var i = 0
        var optionsEnded = false
        while i < raw.count {
            let arg = raw[i]
            i += 1
            if optionsEnded || arg == "-" || !arg.hasPrefix("-") {
                positionals.append(arg)
                continue
            }
            if arg == "--" {
                optionsEnded = true
                continue
            }
            var name: String
            if arg.hasPrefix("--") {
                name = String(arg.dropFirst(2))
            } else if arg.count == 2, let short = allOptions.first(where: { $0.short == arg.last! && $0.name != "help" }) {
                // A one-letter alias (`-o FILE`): the same as its long spelling.
                name = short.name
            } else {
                throw error("unknown option \(arg)")
            }
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = byName[name] else { throw error("unknown option --\(name)\(suggestion(for: name))") }
            switch option.kind {
            case .flag:
                guard value == nil else { throw error("option --\(name) takes no value") }
                flags.insert(name)
            case .value, .repeatable:
                if value == nil {
                    guard i < raw.count, !looksLikeOption(raw[i], byName) else {
                        throw error("option --\(name) needs a value (\(option.placeholder))")
                    }
                    value = raw[i]
                    i += 1
                }
                values[name, default: []].append(value!)
            }
        }
        if positionals.count != self.positionals.count {
            let wanted = self.positionals.map(\.placeholder)
            let got = positionals.isEmpty ? "none" : positionals.map { "'\($0)'" }.joined(separator: " ")
            throw error(wanted.isEmpty ? "\(command) takes no arguments, got \(got)"
                                       : "\(command) takes \(wanted.joined(separator: " ")), got \(got)")
        }
        for option in allOptions where option.required && values[option.name] == nil {
            throw error("missing required option \(option.spelling)")
        }
        return ParsedArguments(table: self, positionals: positionals, values: values, flags: flags)
    }

    private func error(_ message: String) -> UsageError {
        UsageError(message: message, hint: hint)
    }

    /// A value that is really the next option (`--detector --data x`): reported as a missing value.
    /// A value starting with dashes can still be given as `--name=VALUE`.
    private func looksLikeOption(_ arg: String, _ byName: [String: Option]) -> Bool {
        if arg == "-h" { return true }
        if arg.count == 2, arg.hasPrefix("-"), allOptions.contains(where: { $0.short == arg.last! }) { return true }
        guard arg.hasPrefix("--"), arg.count > 2 else { return false }
        return byName[String(arg.dropFirst(2).prefix { $0 != "=" })] != nil
    }

    /// ` (did you mean --lambda?)` for a near miss.
    private func suggestion(for name: String) -> String {
        let scored = allOptions.map { ($0.name, editDistance($0.name, name)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
        return " (did you mean --\(best.0)?)"
    }

    // MARK: Help

    /// The synopsis as words that are never split: `dashost`, the command, the positionals, one
    /// `--name VALUE` or `[--name VALUE]` per option, `[registry options]` per group.
    var synopsisWords: [String] {
        var words = ["dashost", command] + positionals.map(\.placeholder)
        for option in options {
            switch (option.kind, option.required) {
            case (.repeatable, _): words.append("[\(option.spelling)]...")
            case (_, true): words.append(option.spelling)
            case (_, false): words.append("[\(option.spelling)]")
            }
        }
        return words + groups.map { "[\($0.title)]" }
    }

    /// The synopsis wrapped at 100 columns, continuation lines aligned after `dashost COMMAND `.
    func synopsis(prefix: String) -> [String] {
        let indent = String(repeating: " ", count: prefix.count + "dashost \(command) ".count)
        return wrap(synopsisWords, width: 100, firstPrefix: prefix, prefix: indent)
    }

    /// The command's help: synopsis, summary, every option with its help and default.
    var usage: String {
        var lines = synopsis(prefix: "Usage: ")
        lines += ["", summary]
        if !positionals.isEmpty {
            lines += ["", "Arguments:"] + OptionTable.rows(positionals.map(OptionTable.row))
        }
        lines += ["", "Options:"] + OptionTable.rows((options + [.help]).map(OptionTable.row))
        for group in groups {
            lines += ["", "\(group.title.prefix(1).uppercased())\(group.title.dropFirst()):"]
                + OptionTable.rows(group.options.map(OptionTable.row))
        }
        if let notes { lines += [""] + notes.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        return lines.joined(separator: "\n")
    }
}

/// The accepted options of one command line; read them through the table's `Option` values.
struct ParsedArguments {
    let table: CommandTable
    let positionals: [String]
    fileprivate let values: [String: [String]]
    fileprivate let flags: Set<String>

    /// The last value given, else the table's literal default, else nil.
    func value(_ option: Option) -> String? {
        check(option, [.value])
        if let given = values[option.name]?.last { return given }
        if case .value(let text) = option.defaultValue { return text }
        return nil
    }

    /// A required option's value (the parser has already refused a command line without it).
    func required(_ option: Option) -> String {
        precondition(option.required, "--\(option.name) is not declared required")
        return value(option)!
    }

    /// Every value of a repeatable option, in order.
    func values(_ option: Option) -> [String] {
        check(option, [.repeatable])
        return values[option.name] ?? []
    }

    /// Whether a flag was given.
    func flag(_ option: Option) -> Bool {
        check(option, [.flag])
        return flags.contains(option.name)
    }

    /// Reading an option the table does not declare is a programming error.
    private func check(_ option: Option, _ kinds: [Option.Kind]) {
        precondition(table.allOptions.contains { $0.name == option.name && $0.kind == option.kind } && kinds.contains(option.kind),
                     "option --\(option.name) is not in the table of '\(table.command)' as a \(option.kind)")
    }
}

/// Help-text layout shared by the command tables and the top-level usage.
enum OptionTable {
    /// `--name PLACEHOLDER`, and its help as words for wrapping: the help's words, then
    /// `(default: ...)`, `(required)`, `(repeatable)` each kept whole.
    static func row(_ option: Option) -> (String, [String]) {
        let left = option.short.map { "-\($0), " + option.spelling } ?? option.spelling
        var words = option.help.split(separator: " ").map(String.init)
        switch option.defaultValue {
        case .none: break
        case .value(let text), .note(let text): words.append("(default: \(text))")
        }
        if option.required { words.append("(required)") }
        if option.kind == .repeatable { words.append("(repeatable)") }
        return (left, words)
    }

    /// A positional's row.
    static func row(_ positional: Positional) -> (String, [String]) {
        (positional.placeholder, positional.help.split(separator: " ").map(String.init))
    }

    /// Two aligned columns, indented by two; the help wraps under itself.
    static func rows(_ rows: [(String, [String])]) -> [String] {
        let width = min(rows.map(\.0.count).max() ?? 0, 28)
        let indent = String(repeating: " ", count: width + 4)
        return rows.flatMap { left, help -> [String] in
            let head = "  " + left
            if left.count > width { return [head] + wrap(help, width: 100, firstPrefix: indent, prefix: indent) }
            return wrap(help, width: 100, firstPrefix: head.padding(toLength: width + 4, withPad: " ", startingAt: 0), prefix: indent)
        }
    }
}

/// Greedy word wrap: the first line starts with `firstPrefix`, the others with `prefix`.
func wrap(_ text: String, width: Int, firstPrefix: String, prefix: String) -> [String] {
    wrap(text.split(separator: " ").map(String.init), width: width, firstPrefix: firstPrefix, prefix: prefix)
}

/// Greedy wrap of `words`, each kept whole, joined by single spaces.
func wrap(_ words: [String], width: Int, firstPrefix: String, prefix: String) -> [String] {
    var lines: [String] = []
    var line = firstPrefix
    var lineHasWord = false
    for word in words {
        if lineHasWord && line.count + 1 + word.count > width {
            lines.append(line)
            line = prefix
            lineHasWord = false
        }
        line += (lineHasWord ? " " : "") + word
        lineHasWord = true
    }
    lines.append(line)
    return lines
}

/// Levenshtein distance, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var row = Array(0...b.count)
    for i in 1...a.count {
        var diagonal = row[0]
        row[0] = i
        for j in 1...b.count {
            let above = row[j]
            row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
            diagonal = above
        }
    }
    return row[b.count]
}
