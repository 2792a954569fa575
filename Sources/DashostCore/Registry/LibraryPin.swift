import CCrypto
import Foundation

/// A registry's SHA-256 pin of a library file: the file must hash to it, or it is not loaded.
enum LibraryPin {
    /// The SHA-256 of the file at `path`, as 64 lowercase hexadecimal digits.
    static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw RegistryError("cannot read '\(path)' to check its sha256 pin") }
        defer { try? handle.close() }
        guard let context = EVP_MD_CTX_new() else { throw RegistryError("cannot hash '\(path)': OpenSSL has no memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { throw RegistryError("cannot hash '\(path)': SHA-256 unavailable") }
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            _ = chunk.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { throw RegistryError("cannot hash '\(path)'") }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// Throws unless the file at `path` hashes to `sha256` (lowercase hex).
    static func verify(path: String, sha256 expected: String) throws {
        let actual = try sha256(path: path)
        guard actual == expected else {
            throw RegistryError("'\(path)' does not match its sha256 pin: the file hashes to \(actual), the registry pins \(expected) (a changed or replaced library is not loaded)")
        }
    }
}
