import Foundation

/// One end of the socket between the host and a plugin server: messages are a 4-byte little-endian
/// length and a JSON object (small: operation names, sizes, offsets into the shared arenas; the
/// matrices themselves never cross the socket).
final class WireChannel {
    let fd: Int32
    /// Largest message accepted: headers only, so anything bigger is a broken peer.
    static let maximumMessage = 16 << 20

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Sends one message; false when the peer is gone.
    @discardableResult
    func send(_ message: [String: Any]) -> Bool {
        guard let body = try? JSONSerialization.data(withJSONObject: message, options: []) else { return false }
        var length = UInt32(body.count).littleEndian
        var frame = Data(bytes: &length, count: 4)
        frame.append(body)
        return frame.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                sent += n
            }
            return true
        }
    }

    /// What `receive` saw.
    enum Received {
        case message([String: Any])
        /// The peer closed the socket (it exited or was killed).
        case closed
        /// Nothing arrived before the deadline.
        case timedOut
    }

    /// Waits for the next message until `deadline` (nil: forever).
    func receive(deadline: DispatchTime? = nil) throws -> Received {
        var header = [UInt8](repeating: 0, count: 4)
        switch try readFully(&header, deadline: deadline) {
        case .closed: return .closed
        case .timedOut: return .timedOut
        case .message: break
        }
        let length = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
        guard length <= WireChannel.maximumMessage else {
            throw IsolationError.protocolViolation("a message of \(length) bytes (at most \(WireChannel.maximumMessage))")
        }
        var body = [UInt8](repeating: 0, count: length)
        switch try readFully(&body, deadline: deadline) {
        case .closed: return .closed
        case .timedOut: return .timedOut
        case .message: break
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw IsolationError.protocolViolation("a message that is not a JSON object")
        }
        return .message(object)
    }

    private func readFully(_ buffer: inout [UInt8], deadline: DispatchTime?) throws -> Received {
        var got = 0
        let count = buffer.count
        while got < count {
            if let deadline {
                let now = DispatchTime.now()
                guard now < deadline else { return .timedOut }
                let ms = Int32(min(Double(deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1e6 + 1, 60_000))
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&p, 1, ms)
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { continue }
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .closed }
            got += n
        }
        return .message([:])
    }
}
