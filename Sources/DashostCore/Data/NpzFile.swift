import Foundation

/// A numpy `.npz` archive (a zip of `.npy` members, as written by `numpy.savez` / `savez_compressed`).
///
/// The directory is parsed on open; members are inflated, CRC-checked and converted only when asked for.
public struct NpzFile {
    /// The file this archive was read from (used in error messages).
    public let path: String
    private let archive: ZipArchive

    /// Reads and indexes the archive at `path`.
    public init(path: String) throws {
        let bytes = try DataFileAccess.readAll(path)
        try self.init(bytes: bytes, path: path)
    }

    /// Indexes an archive image already in memory; `path` labels error messages.
    public init(bytes: [UInt8], path: String) throws {
        self.path = path
        self.archive = try ZipArchive(bytes: bytes, path: path)
    }

    /// The array names, i.e. member names without their `.npy` suffix, in archive order.
    public var arrayNames: [String] {
        archive.entries.map { $0.name.hasSuffix(".npy") ? String($0.name.dropLast(4)) : $0.name }
    }

    /// The array stored as `name.npy` (or a member literally called `name`).
    public func array(named name: String) throws -> NumericArray {
        guard let entry = archive.entry(named: name + ".npy") ?? archive.entry(named: name) else {
            throw DataError.missingArray(path: path, name: name, available: arrayNames)
        }
        let bytes = try archive.extract(entry)
        return try NumericArray(npyBytes: bytes, path: path, name: name)
    }
}
