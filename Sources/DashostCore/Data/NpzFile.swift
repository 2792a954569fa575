import Foundation

/// A numpy `.npz` archive (a zip of `.npy` members, as written by `numpy.savez` / `savez_compressed`).
///
/// The directory is parsed on open (duplicate member names are refused); members are read from the
/// file, verified (CRC-32, deflate stream, size against the `.npy` header's shape) and converted only
/// when asked for. The same reader (`ZipArchive`) serves `NpyRowStream`.
public struct NpzFile {
    /// The file this archive was read from (used in error messages).
    public let path: String
    private let archive: ZipArchive

    /// Indexes the archive at `path` (a regular file; directories, FIFOs and devices are refused).
    public init(path: String) throws {
        self.path = path
        self.archive = try ZipArchive(path: path)
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

    /// The sum of the members' uncompressed sizes (what reading every array whole takes), from the
    /// directory alone.
    public var uncompressedBytes: Int { archive.totalUncompressedSize }

    /// The array stored as `name.npy` (or a member literally called `name`).
    public func array(named name: String) throws -> NumericArray {
        let names = arrayNames
        guard let entry = archive.entry(named: name + ".npy") ?? archive.entry(named: name) else {
            throw DataError.missingArray(path: path, name: name, available: names)
        }
        // `x` and `x.npy` would both answer to the name `x`.
        if names.filter({ $0 == name }).count > 1 {
            throw DataError.duplicateName(path: path, name: name, detail: "members '\(name)' and '\(name).npy' both hold it")
        }
        let reader = try archive.open(entry)
        let (header, _) = try NpyHeader.read(from: reader, path: path, name: name)
        let data = try reader.readToEnd()
        return data.withUnsafeBytes { NumericArray(header: header, data: $0) }
    }

    /// Opens a verifying reader of array `name`'s member (for `NpyRowStream`).
    func reader(forArray name: String) throws -> ZipMemberReader {
        guard let entry = archive.entry(named: name + ".npy") ?? archive.entry(named: name) else {
            throw DataError.missingArray(path: path, name: name, available: arrayNames)
        }
        return try archive.open(entry)
    }
}
