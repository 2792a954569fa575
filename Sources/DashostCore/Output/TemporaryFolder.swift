import Foundation

/// A fresh, private folder under the temporary directory (`mkdtemp`), removed with `remove()`.
public struct TemporaryFolder: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates `$TMPDIR/<prefix>-XXXXXX`.
    public init(prefix: String) throws {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw OutputError.systemCall(path: NSTemporaryDirectory() + "/\(prefix)-XXXXXX", operation: "create a temporary folder", reason: String(cString: strerror(errno)))
        }
        path = String(cString: made)
    }

    /// Removes the folder and everything in it (errors ignored: it is the system's temporary space).
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
