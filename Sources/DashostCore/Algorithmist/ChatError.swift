/// A chat request that failed, with the endpoint and the reason:
/// "chat endpoint http://127.0.0.1:8080/v1/chat/completions: HTTP 500 after 4 attempts: <body excerpt>".
public struct ChatError: Error, CustomStringConvertible, Equatable {
    /// Why the request failed, to tell the cases apart without parsing the message.
    public enum Kind: String, Sendable, Equatable {
        /// An HTTP status other than 2xx (`status` holds it).
        case http
        /// No answer within the timeout.
        case timeout
        /// Nothing listens at the endpoint.
        case connectionRefused
        /// Another transport failure (name resolution, connection closed without an answer, ...).
        case connection
        /// An answer that is not a chat completion with a text reply.
        case badReply
        /// The endpoint or request could not be formed.
        case invalidRequest
    }

    /// The kind of failure.
    public let kind: Kind
    /// The HTTP status for `.http`, else nil.
    public let status: Int?
    /// The full message.
    public let description: String

    init(kind: Kind, status: Int? = nil, _ description: String) {
        self.kind = kind
        self.status = status
        self.description = description
    }
}
