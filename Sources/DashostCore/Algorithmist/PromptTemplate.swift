import Foundation

/// One prompt template: plain text with `{{name}}` placeholders. Substitution is a single pass, so a
/// value that itself contains `{{` (an LLM's description, a compiler message) is inserted verbatim
/// and never read as a placeholder.
struct PromptTemplate: Sendable {
    /// The file, relative to the prompt folder (`parts/objective-standard.md`), for error messages.
    let file: String
    /// The template text.
    let text: String

    /// The placeholder names used, in order of first appearance; throws on an unclosed `{{`.
    func placeholders() throws -> [String] {
        var names: [String] = []
        try scan { name in if !names.contains(name) { names.append(name) } }
        return names
    }

    /// The text with every placeholder replaced by its value; a placeholder without a value is an
    /// error naming this file and the placeholder (a typo in an edited template must not reach the LLM).
    func render(_ values: [String: String]) throws -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw PromptError("prompt template \(file): unclosed '{{'")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else { throw unknown(name, known: values.keys) }
            out += value
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Throws when the template uses a placeholder outside `known`.
    func check(known: Set<String>) throws {
        for name in try placeholders() where !known.contains(name) { throw unknown(name, known: known) }
    }

    private func unknown<S: Sequence>(_ name: String, known: S) -> PromptError where S.Element == String {
        let list = known.sorted().map { "{{\($0)}}" }.joined(separator: ", ")
        return PromptError("prompt template \(file): unknown placeholder {{\(name)}} (this template may use: \(list.isEmpty ? "none" : list))")
    }

    private func scan(_ found: (String) -> Void) throws {
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw PromptError("prompt template \(file): unclosed '{{'")
            }
            found(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
    }
}
