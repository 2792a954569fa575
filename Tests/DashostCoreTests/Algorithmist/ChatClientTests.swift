import DashostCore
import Foundation
import XCTest

/// `ChatClient` against the loopback chat server: replies, retries, timeouts, malformed answers, the
/// exact request it sends, and what it logs.
final class ChatClientTests: XCTestCase {
    /// Collects log lines from the client's (Sendable) log callback.
    private final class LogLines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
        /// The callback to hand to the client.
        var add: @Sendable (String) -> Void { { [self] in append($0) } }
        var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: "\n") }
    }

    private let messages = [ChatMessage.system("You are an expert."), ChatMessage.user("Write the policy.")]

    private func chatError(_ body: () throws -> String) -> ChatError? {
        do {
            let reply = try body()
            XCTFail("expected a ChatError, got the reply \(reply)")
        } catch let error as ChatError {
            return error
        } catch {
            XCTFail("expected a ChatError, got \(error)")
        }
        return nil
    }

    func testReturnsTheFirstChoicesContent() throws {
        let server = try LoopbackChatServer(script: [.reply("```c\nint x;\n```")])
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "test-model")
        XCTAssertEqual(try client.complete(messages), "```c\nint x;\n```")
        let request = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/v1/chat/completions")
        XCTAssertEqual(request.headers["content-type"], "application/json")
        XCTAssertNil(request.headers["authorization"])
        XCTAssertEqual(client.completionsURL.absoluteString, server.url.absoluteString + "/chat/completions")
    }

    func testServerErrorIsRetriedWithBackoff() throws {
        let server = try LoopbackChatServer(script: [.status(500, body: "overloaded"), .status(503, body: "still"), .reply("done")])
        defer { server.stop() }
        let log = LogLines()
        let client = ChatClient(endpoint: server.url, model: "m", retries: 3, backoffSeconds: 0.01, log: log.add)
        XCTAssertEqual(try client.complete(messages), "done")
        XCTAssertEqual(server.requests.count, 3)
        XCTAssertTrue(log.text.contains("chat attempt 1 of 4 failed: HTTP 500: overloaded; retrying in 0.01 s"), log.text)
        XCTAssertTrue(log.text.contains("retrying in 0.02 s"), log.text)
    }

    func testPersistentServerErrorNamesTheAttempts() throws {
        let server = try LoopbackChatServer(script: [], fallback: .status(500, body: "{\"error\": \"boom\"}"))
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", retries: 2, backoffSeconds: 0.01)
        let error = try XCTUnwrap(chatError { try client.complete(messages) })
        XCTAssertEqual(error.description, "chat endpoint \(server.url.absoluteString)/chat/completions: HTTP 500 after 3 attempts: {\"error\": \"boom\"}")
        XCTAssertEqual(error.kind, .http)
        XCTAssertEqual(error.status, 500)
        XCTAssertEqual(server.requests.count, 3)
    }

    func testTooManyRequestsIsRetried() throws {
        let server = try LoopbackChatServer(script: [.status(429, body: "slow down"), .reply("ok")])
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", backoffSeconds: 0.01)
        XCTAssertEqual(try client.complete(messages), "ok")
        XCTAssertEqual(server.requests.count, 2)
    }

    func testClientErrorIsNotRetried() throws {
        let server = try LoopbackChatServer(script: [.status(400, body: "unknown model 'm'"), .reply("never")])
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", backoffSeconds: 0.01)
        let error = try XCTUnwrap(chatError { try client.complete(messages) })
        XCTAssertEqual(error.description, "chat endpoint \(server.url.absoluteString)/chat/completions: HTTP 400: unknown model 'm'")
        XCTAssertEqual(error.status, 400)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(server.remainingSteps, 1)
    }

    func testSlowReplyTimesOut() throws {
        let server = try LoopbackChatServer(script: [.delay(3, then: .reply("late"))])
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", timeoutSeconds: 0.5, retries: 0)
        let started = Date()
        let error = try XCTUnwrap(chatError { try client.complete(messages) })
        let waited = Date().timeIntervalSince(started)
        XCTAssertLessThan(waited, 2.5, "the timeout did not cut the wait short")
        XCTAssertGreaterThan(waited, 0.45, "the client gave up before the timeout")
        XCTAssertEqual(error.kind, .timeout)
        XCTAssertEqual(error.description, "chat endpoint \(server.url.absoluteString)/chat/completions: no answer within 0.5 s (timeout)")
    }

    func testTimeoutIsRetried() throws {
        let server = try LoopbackChatServer(script: [.delay(2, then: .reply("late")), .reply("in time")])
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", timeoutSeconds: 0.5, retries: 1, backoffSeconds: 0.01)
        XCTAssertEqual(try client.complete(messages), "in time")
    }

    func testConnectionClosedWithoutAnswerIsRetried() throws {
        let server = try LoopbackChatServer(script: [.close, .reply("second time")])
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", backoffSeconds: 0.01)
        XCTAssertEqual(try client.complete(messages), "second time")
        XCTAssertEqual(server.requests.count, 2)
    }

    func testBodyThatIsNotAChatCompletionIsAClearError() throws {
        let cases: [(String, String)] = [
            ("<html>Bad gateway</html>", "reply is not a chat completion: not JSON: <html>Bad gateway</html>"),
            ("{\"object\": \"list\", \"data\": []}", "reply is not a chat completion: no \"choices\" array: {\"object\": \"list\", \"data\": []}"),
            ("{\"choices\": []}", "reply is not a chat completion: \"choices\" is empty"),
            ("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": null}, \"finish_reason\": \"length\"}]}",
             "reply is not a chat completion: choices[0].message.content is not a string (finish_reason \"length\")"),
            ("{\"error\": {\"message\": \"quota exceeded\"}}", "reply is not a chat completion: the server reports an error: quota exceeded"),
        ]
        for (body, expected) in cases {
            let server = try LoopbackChatServer(script: [.status(200, body: body), .reply("never")])
            defer { server.stop() }
            let client = ChatClient(endpoint: server.url, model: "m", backoffSeconds: 0.01)
            let error = try XCTUnwrap(chatError { try client.complete(messages) })
            XCTAssertEqual(error.kind, .badReply)
            XCTAssertEqual(error.description, "chat endpoint \(server.url.absoluteString)/chat/completions: \(expected)")
            XCTAssertEqual(server.requests.count, 1, "a malformed answer is not retried")
        }
    }

    func testBearerKeyIsSentButNeverLogged() throws {
        let key = "sk-test-4f9a1c77e0"
        let server = try LoopbackChatServer(script: [.reply("ok")])
        defer { server.stop() }
        let log = LogLines()
        let client = ChatClient(endpoint: server.url, model: "m", apiKey: key, log: log.add)
        XCTAssertEqual(try client.complete(messages), "ok")
        XCTAssertEqual(server.requests.first?.headers["authorization"], "Bearer \(key)")
        XCTAssertFalse(log.text.contains(key), log.text)
        XCTAssertTrue(log.text.contains("chat request: POST \(server.url.absoluteString)/chat/completions (Authorization: Bearer <redacted>)"), log.text)
        XCTAssertTrue(log.text.contains("\"model\":\"m\""), "the log shows the JSON body: \(log.text)")
        XCTAssertTrue(log.text.contains("chat response: HTTP 200"), log.text)
    }

    func testKeyEchoedByTheServerIsRedacted() throws {
        let key = "sk-echoed-91b2"
        let server = try LoopbackChatServer(script: [.status(401, body: "invalid key \(key)")])
        defer { server.stop() }
        let log = LogLines()
        let error = try XCTUnwrap(chatError { try ChatClient(endpoint: server.url, model: "m", apiKey: key, log: log.add).complete(messages) })
        XCTAssertEqual(error.description, "chat endpoint \(server.url.absoluteString)/chat/completions: HTTP 401: invalid key <redacted>")
        XCTAssertFalse(log.text.contains(key))
    }

    func testNonPositiveTimeoutIsRefused() {
        let error = chatError { try ChatClient(endpoint: URL(string: "http://127.0.0.1:9/v1")!, model: "m", timeoutSeconds: 0).complete(messages) }
        XCTAssertEqual(error?.kind, .invalidRequest)
    }

    func testRequestBodyHasExactlyModelMessagesAndTemperature() throws {
        let server = try LoopbackChatServer(script: [.reply("a"), .reply("b")])
        defer { server.stop() }
        _ = try ChatClient(endpoint: server.url, model: "qwen2.5-coder").complete(messages)
        _ = try ChatClient(endpoint: server.url, model: "qwen2.5-coder", temperature: 0.2).complete(messages)
        let plain = try XCTUnwrap(server.requests[0].json)
        XCTAssertEqual(Set(plain.keys), ["model", "messages"])
        XCTAssertEqual(plain["model"] as? String, "qwen2.5-coder")
        let sent = try XCTUnwrap(plain["messages"] as? [[String: Any]])
        XCTAssertEqual(sent.count, 2)
        for (message, expected) in zip(sent, messages) {
            XCTAssertEqual(Set(message.keys), ["role", "content"])
            XCTAssertEqual(message["role"] as? String, expected.role)
            XCTAssertEqual(message["content"] as? String, expected.content)
        }
        let withTemperature = try XCTUnwrap(server.requests[1].json)
        XCTAssertEqual(Set(withTemperature.keys), ["model", "messages", "temperature"])
        XCTAssertEqual(withTemperature["temperature"] as? Double, 0.2)
        XCTAssertTrue(server.requests[1].bodyText.contains("\"temperature\":0.2"), server.requests[1].bodyText)
    }

    func testLargeRequestBody() throws {
        // libcurl announces large bodies with Expect: 100-continue; the whole body must still arrive.
        let big = String(repeating: "description line\n", count: 20_000)
        let server = try LoopbackChatServer(script: [.reply("ok")])
        defer { server.stop() }
        XCTAssertEqual(try ChatClient(endpoint: server.url, model: "m").complete([.user(big)]), "ok")
        let sent = try XCTUnwrap(server.requests.first?.json?["messages"] as? [[String: Any]])
        XCTAssertEqual(sent.first?["content"] as? String, big)
    }

    func testConnectionRefused() throws {
        let server = try LoopbackChatServer()
        let url = server.url
        server.stop() // the port is now closed
        let client = ChatClient(endpoint: url, model: "m", retries: 1, backoffSeconds: 0.01)
        let error = try XCTUnwrap(chatError { try client.complete(messages) })
        XCTAssertEqual(error.kind, .connectionRefused)
        XCTAssertEqual(error.description, "chat endpoint \(url.absoluteString)/chat/completions: connection refused after 2 attempts")
    }

    func testEndpointAlreadyNamingTheRouteIsUsedAsIs() {
        let url = URL(string: "http://127.0.0.1:9/v1/chat/completions")!
        XCTAssertEqual(ChatClient(endpoint: url, model: "m").completionsURL, url)
        XCTAssertEqual(ChatClient(endpoint: URL(string: "http://127.0.0.1:9/v1/")!, model: "m").completionsURL.absoluteString,
                       "http://127.0.0.1:9/v1/chat/completions")
    }
}
