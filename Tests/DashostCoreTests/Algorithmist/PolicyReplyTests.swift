import DashostCore
import XCTest

/// `PolicyReply`: splitting an LLM's answer into policy, program and explanation.
final class PolicyReplyTests: XCTestCase {
    private let cProgram = "#include \"dashost_plugin.h\"\n\ndashost_status generate_hard_anomalies(const dashost_host *host) {\n    return DASHOST_OK;\n}"
    private let pyProgram = "def generate_hard_anomalies(n_samples, model, X_train):\n    import numpy as np\n    return np.zeros((n_samples, X_train.shape[1]))"

    private func replyError(_ text: String, _ language: PolicyLanguage) -> String {
        do { _ = try PolicyReply(parsing: text, language: language) } catch let error as PolicyReplyError { return error.description } catch {
            return "not a PolicyReplyError: \(error)"
        }
        XCTFail("expected a PolicyReplyError")
        return ""
    }

    func testThreePartsInC() throws {
        let text = "## Policy\nRotate rows at their own radius.\n\n```c\n\(cProgram)\n```\n\n## Explanation\nStep 1 rotates.\n"
        let reply = try PolicyReply(parsing: text, language: .c)
        XCTAssertEqual(reply.source, cProgram)
        XCTAssertEqual(reply.policy, "## Policy\nRotate rows at their own radius.")
        XCTAssertEqual(reply.explanation, "## Explanation\nStep 1 rotates.")
        XCTAssertEqual(reply.fenceTag, "c")
    }

    func testPythonAndPyFences() throws {
        for tag in ["python", "py", "Python", "python3"] {
            let reply = try PolicyReply(parsing: "Policy.\n```\(tag)\n\(pyProgram)\n```\nDone.", language: .python)
            XCTAssertEqual(reply.source, pyProgram, tag)
            XCTAssertEqual(reply.policy, "Policy.")
            XCTAssertEqual(reply.explanation, "Done.")
        }
    }

    func testUnlabeledFence() throws {
        let reply = try PolicyReply(parsing: "```\n\(pyProgram)\n```", language: .python)
        XCTAssertEqual(reply.source, pyProgram)
        XCTAssertEqual(reply.fenceTag, "")
    }

    func testPolicyAndExplanationFromCommentsWhenThereIsNoProse() throws {
        let c = "/*\n * Policy: rotate each row at its radius.\n * Seeds: every row.\n */\n\(cProgram)\n// step 1: rotate\n"
        let cReply = try PolicyReply(parsing: "```c\n\(c)```", language: .c)
        XCTAssertEqual(cReply.policy, "Policy: rotate each row at its radius.\nSeeds: every row.")
        XCTAssertEqual(cReply.explanation, "step 1: rotate")
        let py = "def generate_hard_anomalies(n_samples, model, X_train):\n    \"\"\"\n    Policy: swap central values.\n    \"\"\"\n    # draw the seeds\n    return X_train[:n_samples]"
        let pyReply = try PolicyReply(parsing: "```python\n\(py)\n```", language: .python)
        XCTAssertEqual(pyReply.policy, "Policy: swap central values.")
        XCTAssertEqual(pyReply.explanation, "draw the seeds")
        XCTAssertEqual(try PolicyReply(parsing: "```python\nx = 1\n```", language: .python).policy, "")
    }

    func testTwoBlocksTakeTheRequestedLanguage() throws {
        let text = "Usage:\n```python\nX = generate(10)\n```\nThe program:\n```c\n\(cProgram)\n```\nEnd."
        let reply = try PolicyReply(parsing: text, language: .c)
        XCTAssertEqual(reply.source, cProgram)
        XCTAssertEqual(reply.policy, "Usage:\n```python\nX = generate(10)\n```\nThe program:")
        XCTAssertEqual(reply.explanation, "End.")
    }

    func testTwoBlocksOfTheLanguagePreferTheEntryPoint() throws {
        let text = "```python\nimport numpy as np\n```\n```python\n\(pyProgram)\n```\n```python\nprint(1)\n```"
        XCTAssertEqual(try PolicyReply(parsing: text, language: .python).source, pyProgram)
    }

    func testNoBlockInTheLanguageTakesTheFirst() throws {
        let text = "```text\nfirst\n```\n```bash\nsecond\n```"
        XCTAssertEqual(try PolicyReply(parsing: text, language: .c).source, "first")
    }

    func testNoCodeBlockIsAnErrorAddressedToTheLLM() {
        let message = replyError("I would rotate the rows. Here is how: def generate_hard_anomalies(...)", .c)
        XCTAssertTrue(message.hasPrefix("the reply has no ```c code block."), message)
        XCTAssertTrue(message.contains("starts with a line ```c and ends with a line ```"), message)
        XCTAssertTrue(replyError("", .python).hasPrefix("the reply has no ```python code block."))
    }

    func testUnclosedBlockSaysTheReplyWasCutOff() {
        let message = replyError("Policy.\n```c\n#include \"dashost_plugin.h\"\nint x", .c)
        XCTAssertTrue(message.contains("is not closed"), message)
        XCTAssertTrue(message.contains("cut off"), message)
    }

    func testCRLFLineEnds() throws {
        let text = "Policy line.\r\n\r\n```c\r\n\(cProgram.replacingOccurrences(of: "\n", with: "\r\n"))\r\n```\r\nExplanation line.\r\n"
        let reply = try PolicyReply(parsing: text, language: .c)
        XCTAssertEqual(reply.source, cProgram)
        XCTAssertFalse(reply.source.contains("\r"))
        XCTAssertEqual(reply.policy, "Policy line.")
        XCTAssertEqual(reply.explanation, "Explanation line.")
    }

    func testFenceVariants() throws {
        // Longer fences, tildes, indented fences and an info string with attributes.
        XCTAssertEqual(try PolicyReply(parsing: "````c\n\(cProgram)\n````", language: .c).source, cProgram)
        XCTAssertEqual(try PolicyReply(parsing: "~~~python\n\(pyProgram)\n~~~", language: .python).source, pyProgram)
        XCTAssertEqual(try PolicyReply(parsing: "  ```c title=\"policy.c\"\n\(cProgram)\n  ```", language: .c).source, cProgram)
        // A ``` inside the program that is not a bare fence line does not end the block.
        let tricky = "// see ```c below\n" + cProgram
        XCTAssertEqual(try PolicyReply(parsing: "```c\n\(tricky)\n```", language: .c).source, tricky)
    }
}
