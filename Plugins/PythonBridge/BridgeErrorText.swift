import Foundation

/// Error messages that fit the host's 1024-byte error buffer with their END kept: the last lines of
/// a traceback (the exception type and message) matter, its first frames do not.
enum BridgeErrorText {
    /// Bytes a message may have (the buffer, minus its terminating NUL).
    static let capacity = 1023

    /// `prefix + body + suffix`, with `body` made one line (`oneLine`) and its start dropped
    /// (replaced by "... | ", cut at a " | " when one is near) so that the whole fits `capacity` bytes.
    static func fit(prefix: String, body: String, suffix: String = "") -> String {
        let body = oneLine(body)
        let room = capacity - prefix.utf8.count - suffix.utf8.count
        guard body.utf8.count > room else { return prefix + body + suffix }
        guard room > 16 else { return String(decoding: Array((prefix + suffix).utf8.prefix(capacity)), as: UTF8.self) }
        var tail = Array(body.utf8.suffix(room - 6))
        // Start on a whole character, at a line's start when one is within reach.
        while let first = tail.first, first & 0xC0 == 0x80 { tail.removeFirst() }
        let text = String(decoding: tail, as: UTF8.self)
        if let bar = text.range(of: " | "), text.distance(from: text.startIndex, to: bar.lowerBound) < text.count / 2 {
            return prefix + "... | " + text[bar.upperBound...] + suffix
        }
        return prefix + "... | " + text + suffix
    }

    /// A traceback (or any multi-line output) as one line, as the host prints errors: the
    /// "Traceback (most recent call last):" header and Python's ^^^ markers dropped, each
    /// `File "...", line N, in f` joined with its source line, the lines joined by " | ".
    static func oneLine(_ text: String) -> String {
        var parts: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line == "Traceback (most recent call last):" || line.allSatisfy({ "^~ ".contains($0) }) { continue }
            // Python prints a frame as two lines, indented: `File ...` then (more indented) the source.
            if let last = parts.last, last.hasPrefix("File \""), !last.contains(": "), raw.hasPrefix("    "), !line.hasPrefix("File \"") {
                parts[parts.count - 1] = last + ": " + line
            } else {
                parts.append(line)
            }
        }
        return parts.joined(separator: " | ")
    }

    /// A number of seconds as a user wrote it: "600", "2.5".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The name of a signal that can end the child ("SIGKILL"), or "signal N".
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [1: "SIGHUP", 2: "SIGINT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
                                      11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ", 31: "SIGSYS"]
        return names[signal] ?? "signal \(signal)"
    }
}
