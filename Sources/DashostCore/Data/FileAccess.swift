import Foundation

/// File and name helpers shared by the data readers.
enum DataFileAccess {
    /// True when `path` names an existing regular file (not a directory).
    static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The whole content of a regular file, with `DataError`s that name it.
    static func readAll(_ path: String) throws -> [UInt8] {
        guard isRegularFile(path) else { throw DataError.fileNotFound(path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(path: path, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            if data.isEmpty { throw DataError.emptyFile(path: path, detail: "0 bytes") }
            return [UInt8](data)
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError.unreadable(path: path, reason: "\(error)")
        }
    }

    /// The file name without directories and extension: `/data/Hepatitis.npz` -> `Hepatitis`.
    static func datasetName(fromPath path: String) -> String {
        let file = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }

    /// `text` without leading and trailing whitespace (including `\r`).
    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
