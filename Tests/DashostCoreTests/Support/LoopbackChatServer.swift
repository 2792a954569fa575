import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A chat-completions endpoint on 127.0.0.1 for tests: an HTTP/1.1 server on an ephemeral port that
/// answers each request with the next step of a script, and records every request. It serves any
/// client, in this process or another (the `dashost` executable in end-to-end tests), one thread per
/// connection, and closes the connection after each response (so clients never reuse a connection the
/// script did not plan for).
///
///     let server = try LoopbackChatServer(script: [.status(500, body: "busy"), .reply("```c\n...\n```")])
///     defer { server.stop() }
///     let client = ChatClient(endpoint: server.url, model: "m")
final class LoopbackChatServer: @unchecked Sendable {
    /// One scripted answer.
    indirect enum Step: Sendable {
        /// 200 with a chat completion whose choices[0].message.content is the text.
        case reply(String)
        /// This status with this body (`status(200, body: "not json")` gives a malformed completion).
        case status(Int, body: String)
        /// Wait this many seconds, then take the step.
        case delay(Double, then: Step)
        /// Read the request, then close the connection without answering.
        case close
    }

    /// A recorded request.
    struct Request: Sendable {
        let method: String
        let path: String
        /// Header names in lower case; the last value wins for repeated names.
        let headers: [String: String]
        let body: Data
        /// The body as a JSON object, if it is one.
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// The API base to give a client: http://127.0.0.1:PORT/v1.
    var url: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }
    /// The port listened on.
    let port: UInt16

    private let lock = NSLock()
    private var script: [Step]
    private var recorded: [Request] = []
    private var stopped = false
    private var listener: Int32
    private let fallback: Step
    private let finished = DispatchGroup()

    /// Listens at once. `fallback` answers requests after the script runs out (by default a 500 saying
    /// so, which a test notices).
    init(script: [Step] = [], fallback: Step = .status(500, body: "loopback chat server: the script has no step left")) throws {
        self.script = script
        self.fallback = fallback
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("loopback server: socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw FixtureError("loopback server: bind/listen: \(message)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: actual.sin_port)
        listener = fd
        finished.enter()
        let thread = Thread { [self] in acceptLoop(); finished.leave() }
        thread.name = "loopback-chat-server"
        thread.start()
    }

    deinit { stop() }

    /// Adds steps at the end of the script.
    func append(_ steps: Step...) {
        lock.lock(); script.append(contentsOf: steps); lock.unlock()
    }

    /// Every request received so far, in arrival order.
    var requests: [Request] {
        lock.lock(); defer { lock.unlock() }; return recorded
    }

    /// How many script steps are left.
    var remainingSteps: Int {
        lock.lock(); defer { lock.unlock() }; return script.count
    }

    /// Stops listening and waits for the accept thread (connections being served finish on their own).
    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        finished.wait()
        close(listener)
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// Polls so that `stop` is noticed within 50 ms without closing a descriptor another thread is in.
    private func acceptLoop() {
        while !isStopped {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        // A stalled client must not keep a thread forever.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = read(fd) else { return }
        lock.lock()
        recorded.append(request)
        // Only the chat endpoint consumes the script; anything else is a client bug the test should see.
        let isChat = request.method == "POST" && request.path.split(separator: "?").first == "/v1/chat/completions"
        let step: Step = !isChat ? .status(404, body: "loopback chat server: only POST /v1/chat/completions is served")
            : script.isEmpty ? fallback : script.removeFirst()
        lock.unlock()
        answer(fd, step)
    }

    private func answer(_ fd: Int32, _ step: Step) {
        switch step {
        case .reply(let text):
            let completion: [String: Any] = [
                "id": "chatcmpl-loopback", "object": "chat.completion", "created": 0, "model": "loopback",
                "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
            ]
            let body = (try? JSONSerialization.data(withJSONObject: completion)) ?? Data()
            respond(fd, status: 200, contentType: "application/json", body: body)
        case .status(let status, let body):
            respond(fd, status: status, contentType: body.hasPrefix("{") ? "application/json" : "text/plain", body: Data(body.utf8))
        case .delay(let seconds, let then):
            let end = Date().addingTimeInterval(seconds)
            while Date() < end && !isStopped { Thread.sleep(forTimeInterval: min(0.02, max(0, end.timeIntervalSinceNow))) }
            answer(fd, then)
        case .close:
            return
        }
    }

    private func respond(_ fd: Int32, status: Int, contentType: String, body: Data) {
        let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        write(fd, Data(head.utf8) + body)
    }

    private func write(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // MSG_NOSIGNAL: a client that hung up must not kill the test process with SIGPIPE.
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Reads one request: the head up to the blank line, then Content-Length bytes of body. Answers
    /// `Expect: 100-continue` (libcurl sends it before large bodies).
    private func read(_ fd: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            headEnd = buffer.range(of: separator)
            if buffer.count > 1 << 20 && headEnd == nil { return nil }
        }
        let headText = String(decoding: buffer[..<headEnd!.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data(buffer[headEnd!.upperBound...])
        if body.count < length, headers["expect"]?.lowercased() == "100-continue" {
            write(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        while body.count < length {
            let n = recv(fd, &chunk, min(chunk.count, length - body.count), 0)
            if n <= 0 { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body.prefix(length))
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
