/// Error messages that fit the host's 1024-byte error buffer with their END kept: the last lines of
/// a traceback (the exception type and message) matter, its first frames do not.
enum BridgeErrorText {
    /// Bytes a message may have (the buffer, minus its terminating NUL).
    static let capacity = 1023

    /// `prefix + body + suffix`, dropping the start of `body` (replaced by "...", cut after a newline
    /// when one is near) so that the whole fits `capacity` bytes.
    static func fit(prefix: String, body: String, suffix: String = "") -> String {
        let room = capacity - prefix.utf8.count - suffix.utf8.count
        guard body.utf8.count > room else { return prefix + body + suffix }
        guard room > 8 else { return String(decoding: Array((prefix + suffix).utf8.prefix(capacity)), as: UTF8.self) }
        var tail = Array(body.utf8.suffix(room - 4))
        // Start on a whole character, at a line start when one is within reach.
        while let first = tail.first, first & 0xC0 == 0x80 { tail.removeFirst() }
        if let newline = tail.firstIndex(of: 10), newline < tail.count / 2 { tail.removeFirst(newline + 1) }
        return prefix + "...\n" + String(decoding: tail, as: UTF8.self) + suffix
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
