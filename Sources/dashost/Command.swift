import DashostCore
import Foundation

/// A `dashost` subcommand: its option table and what it does with the parsed line.
protocol Command {
    /// The command's name, summary, positionals and options (the parser and the help both use it).
    static var table: CommandTable { get }
    /// Runs the command; returns the exit status.
    static func run(_ args: ParsedArguments) throws -> Int32
}

/// Shared option parsing helpers.
enum OptionValues {
    /// A comma-separated list (`a,b`), blanks dropped; nil when the option is absent.
    static func list(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// `text` parsed as a JSON object, or a usage error naming `option`.
    static func jsonObject(_ text: String, option: String) throws -> [String: Any] {
        let parsed: Any
        do { parsed = try JSONDocument.parse(text, source: "--\(option)") } catch let error as JSONSyntaxError {
            throw UsageError(message: "--\(option) must be a JSON object ({...}), got '\(text)': "
                             + "line \(error.line), column \(error.column): \(error.message)")
        }
        guard let object = parsed as? [String: Any] else {
            throw UsageError(message: "--\(option) must be a JSON object ({...}), got '\(text)'")
        }
        return object
    }

    /// A JSON object as compact text with sorted keys.
    static func jsonText(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
