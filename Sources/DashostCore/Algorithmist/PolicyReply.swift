import Foundation

/// An LLM's answer to the code prompt, split into the three parts the prompt asks for (Eq. 3): the
/// policy in prose, the program, and the explanation.
public struct PolicyReply: Sendable {
    /// The policy in prose: the text before the code block, else the program's leading comment or
    /// docstring; may be "".
    public let policy: String
    /// The program: the contents of the chosen fenced code block.
    public let source: String
    /// The explanation: the text after the code block, else the program's comments; may be "".
    public let explanation: String
    /// The info string of the chosen block ("c", "py", "" for an unlabeled fence).
    public let fenceTag: String

    /// Splits `text`. The program is the fenced block in `language` that defines
    /// `generate_hard_anomalies`, else the first block in `language`, else the first block of any
    /// label (models often leave the fence unlabeled). Throws `PolicyReplyError` when the reply has no
    /// code block, or its only block is not closed (a reply cut off at the length limit).
    public init(parsing text: String, language: PolicyLanguage) throws {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blocks = Self.blocks(lines)
        let closed = blocks.filter { $0.closed }
        let fence = "```" + language.fenceTag
        guard !closed.isEmpty else {
            if blocks.contains(where: { !$0.closed }) {
                throw PolicyReplyError("the reply's \(fence) code block is not closed with ``` (the reply may have been cut off). Answer again with the complete program in one \(fence) code block, closed by a line with ```, and keep the prose before and after it short.")
            }
            throw PolicyReplyError("the reply has no \(fence) code block. Answer in three parts: the policy in prose, the complete program as one fenced code block that starts with a line \(fence) and ends with a line ```, and the explanation.")
        }
        let inLanguage = closed.filter { language.acceptedFenceTags.contains($0.tag) }
        let chosen = inLanguage.first(where: { $0.body.contains("generate_hard_anomalies") })
            ?? inLanguage.first
            ?? closed.first(where: { $0.tag.isEmpty && $0.body.contains("generate_hard_anomalies") })
            ?? closed.first!
        let before = lines[..<chosen.open].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let after = lines[(chosen.close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        source = chosen.body
        fenceTag = chosen.tag
        policy = before.isEmpty ? Self.leadingComment(chosen.body, language: language) : before
        explanation = after.isEmpty ? Self.comments(chosen.body, language: language) : after
    }

    /// A fenced block: the line indices of its fences, its lower-cased info word, its body.
    private struct Block {
        let open: Int
        let close: Int
        let tag: String
        let body: String
        let closed: Bool
    }

    /// The fenced blocks of `lines` (``` or ~~~, three or more, indented at most three spaces as in
    /// CommonMark; a block closes at a fence of the same character at least as long).
    private static func blocks(_ lines: [String]) -> [Block] {
        var result: [Block] = []
        var i = 0
        while i < lines.count {
            guard let (char, length, info) = fence(lines[i]) else { i += 1; continue }
            let tag = info.split(whereSeparator: { $0.isWhitespace || $0 == "{" || $0 == "," }).first.map { $0.lowercased() } ?? ""
            var j = i + 1
            while j < lines.count {
                if let (c, l, rest) = fence(lines[j]), c == char, l >= length, rest.isEmpty { break }
                j += 1
            }
            let closed = j < lines.count
            let body = lines[(i + 1)..<min(j, lines.count)].joined(separator: "\n")
            result.append(Block(open: i, close: min(j, lines.count - 1), tag: tag, body: body, closed: closed))
            i = j + 1
        }
        return result
    }

    /// The fence character, run length and info string of a fence line, or nil.
    private static func fence(_ line: String) -> (Character, Int, String)? {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let char = rest.first, char == "`" || char == "~" else { return nil }
        let run = rest.prefix(while: { $0 == char }).count
        guard run >= 3 else { return nil }
        let info = rest.dropFirst(run).trimmingCharacters(in: .whitespaces)
        if char == "`" && info.contains("`") { return nil } // inline code such as ```x``` is not a fence
        return (char, run, info)
    }

    /// The program's leading comment (C) or the function's docstring / leading comments (Python),
    /// without comment markers: where a model that skips the prose puts its policy.
    private static func leadingComment(_ source: String, language: PolicyLanguage) -> String {
        switch language {
        case .c:
            if let start = source.range(of: "/*"), let end = source.range(of: "*/", range: start.upperBound..<source.endIndex) {
                let head = source[..<start.lowerBound]
                // Only a comment before the code proper (includes may precede it).
                if head.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.hasPrefix("#") || $0.hasPrefix("//") }) {
                    return source[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
                        .map { line -> String in
                            var t = line.trimmingCharacters(in: .whitespaces)
                            while t.hasPrefix("*") { t.removeFirst() }
                            return t.trimmingCharacters(in: .whitespaces)
                        }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return lineComments(source, marker: "//", leadingOnly: true)
        case .python:
            for quote in ["\"\"\"", "'''"] {
                if let start = source.range(of: quote), let end = source.range(of: quote, range: start.upperBound..<source.endIndex) {
                    let doc = source[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
                    return doc.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return lineComments(source, marker: "#", leadingOnly: true)
        }
    }

    /// Every line comment of the program (the explanation a model gives as "clear comments").
    private static func comments(_ source: String, language: PolicyLanguage) -> String {
        lineComments(source, marker: language == .c ? "//" : "#", leadingOnly: false)
    }

    private static func lineComments(_ source: String, marker: String, leadingOnly: Bool) -> String {
        var out: [String] = []
        for line in source.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(marker) && !(marker == "#" && t.hasPrefix("#!")) {
                out.append(String(t.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces))
            } else if leadingOnly && !t.isEmpty && !(marker == "//" && t.hasPrefix("#")) {
                break
            }
        }
        return out.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
