import DashostCore
import Foundation
import XCTest

/// The test server itself: it must serve other processes (end-to-end tests run `dashost` as the client)
/// and concurrent clients, and leave non-chat requests out of the script.
final class LoopbackChatServerTests: XCTestCase {
    func testServesAnotherProcess() throws {
        let server = try LoopbackChatServer(script: [.reply("from the script")])
        defer { server.stop() }
        // bash's /dev/tcp: a raw HTTP/1.1 request from a child process, no HTTP client library involved.
        let body = #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#
        let script = """
        exec 3<>/dev/tcp/127.0.0.1/\(server.port)
        printf 'POST /v1/chat/completions HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Type: application/json\\r\\nContent-Length: \(body.utf8.count)\\r\\n\\r\\n%s' '\(body)' >&3
        cat <&3
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(output.hasPrefix("HTTP/1.1 200 OK\r\n"), output)
        let json = try XCTUnwrap(output.components(separatedBy: "\r\n\r\n").last)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["object"] as? String, "chat.completion")
        let choice = try XCTUnwrap((object["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(choice["finish_reason"] as? String, "stop")
        XCTAssertEqual((choice["message"] as? [String: Any])?["content"] as? String, "from the script")
        XCTAssertEqual(server.requests.first?.bodyText, body)
        XCTAssertEqual(server.requests.first?.headers["content-type"], "application/json")
    }

    func testConcurrentClients() throws {
        let server = try LoopbackChatServer(fallback: .delay(0.05, then: .reply("same")))
        defer { server.stop() }
        let client = ChatClient(endpoint: server.url, model: "m", retries: 0)
        let replies = NSLock()
        var answers: [String] = []
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let answer = (try? client.complete([.user("request \(i)")])) ?? "failed"
            replies.lock(); answers.append(answer); replies.unlock()
        }
        XCTAssertEqual(answers, Array(repeating: "same", count: 8))
        XCTAssertEqual(server.requests.count, 8)
    }

    func testOtherRoutesGet404AndKeepTheScript() throws {
        let server = try LoopbackChatServer(script: [.reply("kept")])
        defer { server.stop() }
        let wrong = ChatClient(endpoint: URL(string: "http://127.0.0.1:\(server.port)/v2")!, model: "m")
        XCTAssertThrowsError(try wrong.complete([.user("x")])) { XCTAssertTrue("\($0)".contains("HTTP 404"), "\($0)") }
        XCTAssertEqual(server.remainingSteps, 1)
        server.append(.reply("appended"))
        XCTAssertEqual(try ChatClient(endpoint: server.url, model: "m").complete([.user("x")]), "kept")
        XCTAssertEqual(try ChatClient(endpoint: server.url, model: "m").complete([.user("x")]), "appended")
    }
}
