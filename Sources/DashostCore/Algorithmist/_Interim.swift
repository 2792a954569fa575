// INTERIM: signatures of the helpers' branches (llm-client, vetting), deleted when they merge.
import Foundation
public enum PolicyLanguage: String, CaseIterable, Sendable, Codable { case c, python }
public enum PromptVariant: String, CaseIterable, Sendable, Codable { case standard, generic, simple, random, multi }
public enum PolicyHardness: String, CaseIterable, Sendable, Codable { case low, medium, high }
public struct PromptLibrary: Sendable {
    public static let defaultFolderName = "prompts"
    public static func shippedFolder(executableFolder: String? = PluginSearchPath.executableFolder()) -> String? { fatalError() }
    public init(folder: String) throws { fatalError() }
    public func descriptionPrompt(detector: String, algorithmDescription: String) throws -> String { fatalError() }
    public func codePrompt(detector: String, description: String?, language: PolicyLanguage, variant: PromptVariant, hardness: PolicyHardness) throws -> String { fatalError() }
    public func repairPrompt(message: String, language: PolicyLanguage) throws -> String { fatalError() }
    public func systemPrompt() throws -> String { fatalError() }
}
public struct ChatMessage: Sendable, Equatable { public var role: String; public var content: String; public init(role: String, content: String) { self.role = role; self.content = content } }
public struct ChatClient: Sendable {
    public init(endpoint: URL, model: String, apiKey: String? = nil, timeoutSeconds: Double = 120, retries: Int = 3, backoffSeconds: Double = 1, temperature: Double? = nil, log: (@Sendable (String) -> Void)? = nil) { fatalError() }
    public func complete(_ messages: [ChatMessage]) throws -> String { fatalError() }
}
public struct PolicyReply: Sendable {
    public let policy: String, source: String, explanation: String
    public init(parsing text: String, language: PolicyLanguage) throws { fatalError() }
}
