import Foundation

/// True when `path` names an existing regular file (not a directory).
func fileExists(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
}

/// The whole content of a regular file, with `DataError`s that name it.
func readWholeFile(_ path: String) throws -> [UInt8] {
    guard fileExists(path) else { throw DataError.fileNotFound(path: path) }
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
