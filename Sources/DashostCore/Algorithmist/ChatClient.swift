import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A synchronous client of an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp's
/// server, Ollama's /v1, LiteLLM, ...). It sends `{model, messages[, temperature]}` and nothing else,
/// so any server of that API accepts it, and returns the first choice's text.
///
/// Failures that may pass (connection errors, timeouts, HTTP 429 and 5xx) are retried with exponential
/// back-off; other HTTP errors are not, since the same request would fail the same way.
public struct ChatClient: Sendable {
    /// The API base, like `http://127.0.0.1:8080/v1` (a URL already ending in `/chat/completions` is used as is).
    public let endpoint: URL
    /// The model name sent with every request.
    public let model: String
    /// The key sent as `Authorization: Bearer`; never logged.
    public let apiKey: String?
    /// How long one attempt may take.
    public let timeoutSeconds: Double
    /// How many times a retryable failure is retried (so at most `retries + 1` attempts).
    public let retries: Int
    /// The wait before the first retry; doubled before each further one.
    public let backoffSeconds: Double
    /// The sampling temperature, sent only when set (some servers reject it for some models).
    public let temperature: Double?
    /// Receives the request (URL and JSON body, never the key) and a summary of each response (`--verbose`).
    public let log: (@Sendable (String) -> Void)?

    /// A client of `endpoint` for `model`.
    public init(endpoint: URL, model: String, apiKey: String? = nil, timeoutSeconds: Double = 120, retries: Int = 3,
                backoffSeconds: Double = 1, temperature: Double? = nil, log: (@Sendable (String) -> Void)? = nil) {
        self.endpoint = endpoint
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.retries = max(0, retries)
        self.backoffSeconds = max(0, backoffSeconds)
        self.temperature = temperature
        // Whatever is logged passes through the redaction: a server may echo the key (a 401 body
        // quoting the Authorization header), and --verbose output ends up in bug reports.
        if let log, let apiKey, !apiKey.isEmpty {
            self.log = { log($0.replacingOccurrences(of: apiKey, with: "<redacted>")) }
        } else {
            self.log = log
        }
    }

    /// The URL requests go to: `endpoint` + "/chat/completions".
    public var completionsURL: URL {
        endpoint.path.hasSuffix("/chat/completions") ? endpoint : endpoint.appendingPathComponent("chat/completions")
    }

    /// POSTs {model, messages[, temperature]} to endpoint + "/chat/completions" (endpoint like
    /// http://127.0.0.1:PORT/v1), returns choices[0].message.content. Blocks until the answer, or
    /// throws a `ChatError` after the last attempt.
    public func complete(_ messages: [ChatMessage]) throws -> String {
        let url = completionsURL
        let prefix = "chat endpoint \(url.absoluteString)"
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ChatError(kind: .invalidRequest, "\(prefix): not an http(s) URL")
        }
        guard timeoutSeconds > 0, timeoutSeconds.isFinite else {
            throw ChatError(kind: .invalidRequest, "\(prefix): the timeout must be a positive number of seconds, not \(timeoutSeconds)")
        }
        let body: Data
        do { body = try Self.encode(RequestBody(model: model, messages: messages, temperature: temperature)) } catch {
            throw ChatError(kind: .invalidRequest, "\(prefix): cannot encode the request: \(error)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("dashost/\(DashostVersion.string)", forHTTPHeaderField: "User-Agent")
        if let apiKey, !apiKey.isEmpty { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let auth = (apiKey?.isEmpty ?? true) ? "no API key" : "Authorization: Bearer <redacted>"
        log?("chat request: POST \(url.absoluteString) (\(auth))\n\(String(decoding: body, as: UTF8.self))")

        var attempt = 0
        var wait = backoffSeconds
        while true {
            attempt += 1
            let failure: Failure
            switch send(request) {
            case .success(let text): return text
            case .failure(let f): failure = f
            }
            let last = !failure.retryable || attempt > retries
            if last {
                let tries = attempt > 1 ? " after \(attempt) attempts" : ""
                throw ChatError(kind: failure.kind, status: failure.status,
                                redact("\(prefix): \(failure.head)\(tries)\(failure.detail.map { ": " + $0 } ?? "")"))
            }
            // A server that says when to come back (429 Retry-After) is believed, within reason.
            let pause = max(wait, min(failure.retryAfter ?? 0, 60))
            log?("chat attempt \(attempt) of \(retries + 1) failed: \(failure.head)\(failure.detail.map { ": " + $0 } ?? ""); retrying in \(Self.seconds(pause)) s")
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            wait *= 2
        }
    }

    /// `text` with the API key replaced, for messages that quote what the server sent.
    private func redact(_ text: String) -> String {
        guard let apiKey, !apiKey.isEmpty else { return text }
        return text.replacingOccurrences(of: apiKey, with: "<redacted>")
    }

    /// The JSON body: exactly these keys, nothing else (servers differ in which extra keys they refuse).
    private struct RequestBody: Encodable {
        let model: String
        let messages: [ChatMessage]
        let temperature: Double?
    }

    /// Why one attempt failed.
    private struct Failure: Error {
        let kind: ChatError.Kind
        var status: Int? = nil
        let head: String
        var detail: String? = nil
        let retryable: Bool
        var retryAfter: Double? = nil
    }

    /// The completion callback's result, handed from URLSession's queue to the waiting caller.
    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, URLResponse?, Error?)?
        func set(_ v: (Data?, URLResponse?, Error?)) { lock.lock(); value = v; lock.unlock() }
        func get() -> (Data?, URLResponse?, Error?)? { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// One attempt: the reply text, or why it failed.
    private func send(_ request: URLRequest) -> Result<String, Failure> {
        // FoundationNetworking truncates its timeouts to whole seconds (0.5 s times out at once), so
        // URLSession gets the timeout rounded up and the wait below enforces the exact one.
        let sessionTimeout = max(1, timeoutSeconds.rounded(.up)) + 1
        var request = request
        request.timeoutInterval = sessionTimeout
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = sessionTimeout
        config.timeoutIntervalForResource = sessionTimeout
        config.urlCache = nil
        let session = URLSession(configuration: config)
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let started = Date()
        let task = session.dataTask(with: request) { data, response, error in
            box.set((data, response, error))
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            task.cancel()
            session.invalidateAndCancel()
            return .failure(timeoutFailure())
        }
        session.finishTasksAndInvalidate()
        let (data, response, error) = box.get() ?? (nil, nil, nil)
        let elapsed = Date().timeIntervalSince(started)
        if let error {
            let failure = transportFailure(error)
            log?("chat response: \(failure.head) after \(Self.seconds(elapsed)) s")
            return .failure(failure)
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(Failure(kind: .connection, head: "no HTTP response", retryable: true))
        }
        let bytes = data ?? Data()
        log?("chat response: HTTP \(http.statusCode), \(bytes.count) bytes, in \(Self.seconds(elapsed)) s")
        guard (200..<300).contains(http.statusCode) else {
            let retryable = http.statusCode == 429 || (500..<600).contains(http.statusCode)
            let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return .failure(Failure(kind: .http, status: http.statusCode, head: "HTTP \(http.statusCode)",
                                    detail: Self.excerpt(bytes), retryable: retryable, retryAfter: retryAfter))
        }
        do { return .success(try Self.content(of: bytes)) } catch let reason as Failure { return .failure(reason) } catch {
            return .failure(Failure(kind: .badReply, head: "reply is not a chat completion", detail: "\(error)", retryable: false))
        }
    }

    private func timeoutFailure() -> Failure {
        Failure(kind: .timeout, head: "no answer within \(Self.seconds(timeoutSeconds)) s (timeout)", retryable: true)
    }

    private func transportFailure(_ error: Error) -> Failure {
        guard let urlError = error as? URLError else {
            return Failure(kind: .connection, head: "request failed", detail: "\(error)", retryable: true)
        }
        switch urlError.code {
        case .timedOut: return timeoutFailure()
        case .cannotConnectToHost: return Failure(kind: .connectionRefused, head: "connection refused", retryable: true)
        case .networkConnectionLost: return Failure(kind: .connection, head: "connection closed without an answer", retryable: true)
        case .cannotFindHost, .dnsLookupFailed: return Failure(kind: .connection, head: "cannot resolve the host name", retryable: true)
        case .badURL, .unsupportedURL:
            return Failure(kind: .invalidRequest, head: "invalid URL", detail: urlError.localizedDescription, retryable: false)
        default:
            return Failure(kind: .connection, head: "connection error", detail: "\(urlError.localizedDescription) (code \(urlError.code.rawValue))", retryable: true)
        }
    }

    /// choices[0].message.content of a chat-completion body, or a `.badReply` failure saying what is wrong.
    private static func content(of body: Data) throws -> String {
        func bad(_ reason: String) -> Failure {
            Failure(kind: .badReply, head: "reply is not a chat completion", detail: reason, retryable: false)
        }
        guard let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw bad("not JSON: \(excerpt(body) ?? "empty body")")
        }
        guard let object = json as? [String: Any] else { throw bad("the JSON is not an object: \(excerpt(body) ?? "")") }
        if let error = object["error"] {
            let message = ((error as? [String: Any])?["message"] as? String) ?? "\(error)"
            throw bad("the server reports an error: \(message)")
        }
        guard let choices = object["choices"] as? [Any] else { throw bad("no \"choices\" array: \(excerpt(body) ?? "")") }
        guard let first = choices.first as? [String: Any] else { throw bad("\"choices\" is empty") }
        guard let message = first["message"] as? [String: Any] else { throw bad("choices[0] has no \"message\" object") }
        guard let content = message["content"] as? String else {
            let finish = (first["finish_reason"] as? String).map { " (finish_reason \"\($0)\")" } ?? ""
            throw bad("choices[0].message.content is not a string\(finish)")
        }
        return content
    }

    /// The body as pretty-stable JSON (sorted keys), so logs and tests compare byte for byte.
    private static func encode(_ body: RequestBody) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }

    /// The start of a body for an error message: whitespace collapsed, at most 300 characters.
    static func excerpt(_ data: Data, limit: Int = 300) -> String? {
        let text = String(decoding: data.prefix(4 * limit), as: UTF8.self)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !text.isEmpty else { return nil }
        return text.count > limit ? String(text.prefix(limit)) + "..." : text
    }

    /// 120 -> "120", 0.5 -> "0.5".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.3g", value)
    }
}
