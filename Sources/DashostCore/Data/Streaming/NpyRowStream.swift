import Foundation

/// The rows of a 2-D array stored as `NAME.npy` in an `.npz`, read in chunks straight from the file:
/// only one chunk of rows is in memory at a time. The header is parsed with the same code as
/// whole-file reading.
///
/// A C-order array (numpy's default) streams from a stored or deflated member. A Fortran-order array
/// streams from a stored member (`np.savez`) by reading each column's span of the chunk's rows; a
/// Fortran-order array in a deflated member (`np.savez_compressed` of a column-major array) cannot be
/// read row by row without inflating the whole member per chunk, so it is refused with advice.
public struct NpyRowStream: Sendable {
    /// The archive.
    public let path: String
    /// The array's name (without `.npy`).
    public let name: String
    /// Number of rows and columns of the array.
    public let rows: Int, cols: Int
    private let typeDescr: String
    private let fortranOrder: Bool
    private let headerBytes: Int

    /// Reads the array's header; throws for a missing array, a non-2-D shape or one without rows or
    /// columns, a member whose size is not what the header's shape needs, or Fortran order in a
    /// compressed member. A stored
    /// Fortran-order member (read by random access) is CRC-checked here, once, by one pass over it.
    public init(npz path: String, array name: String) throws {
        self.path = path
        self.name = name
        let reader = try NpzFile(path: path).reader(forArray: name)
        let (header, headerBytes) = try NpyHeader.read(from: reader, path: path, name: name)
        guard header.shape.count == 2 else { throw DataError.wrongShape(path: path, name: name, detail: "must be 2-D, got shape \(header.shape)") }
        // As when read whole (DatasetLoader.featureMatrix). A shape of 0 rows needs no data bytes
        // whatever its column count, so (0, 2^40) passed the size check and the row buffer of
        // cols x element size was allocated, or overflowed, before any row was read.
        guard header.shape[0] > 0, header.shape[1] > 0 else {
            throw DataError.wrongShape(path: path, name: name, detail: "shape \(header.shape) has no data")
        }
        guard !header.fortranOrder || !reader.deflated else {
            throw DataError.cannotStream(path: path, name: name, detail: "it is Fortran-order in a compressed member; "
                + "save it with np.savez (stored) or as a C-order array (np.ascontiguousarray), or read the file whole")
        }
        if header.fortranOrder { try reader.verifyWhole() }
        fortranOrder = header.fortranOrder
        rows = header.shape[0]
        cols = header.shape[1]
        typeDescr = header.descr
        self.headerBytes = headerBytes
    }

    /// Calls `body` with consecutive chunks of the rows at `indices` (ascending), each at most
    /// `chunkRows` rows, and the positions in `indices` the chunk covers. Non-finite values are errors
    /// naming the file, row and column.
    public func forEachChunk(rows indices: [Int], chunkRows: Int, _ body: (DataMatrix, Range<Int>) throws -> Void) throws {
        precondition(chunkRows > 0)
        if fortranOrder { return try forEachFortranChunk(rows: indices, chunkRows: chunkRows, body) }
        let type = NpyElementType(descr: typeDescr)!
        let rowBytes = cols * type.size
        let stream = try NpzFile(path: path).reader(forArray: name)
        try stream.skip(headerBytes)
        var raw = [UInt8](repeating: 0, count: rowBytes)
        var next = 0  // the file row the stream is at
        var start = 0
        while start < indices.count {
            let end = min(start + chunkRows, indices.count)
            var values = [Double](repeating: 0, count: (end - start) * cols)
            for (k, row) in indices[start..<end].enumerated() {
                guard row >= next, row < rows else { throw DataError.wrongShape(path: path, name: name, detail: "row \(row) requested out of order or past \(rows) rows") }
                try stream.skip((row - next) * rowBytes)
                try raw.withUnsafeMutableBytes { try stream.readExactly($0) }
                next = row + 1
                try raw.withUnsafeBytes { bytes in
                    try values.withUnsafeMutableBufferPointer { out in
                        let target = UnsafeMutableBufferPointer(rebasing: out[(k * cols)..<((k + 1) * cols)])
                        type.convert(bytes, into: target)
                        if let j = target.firstIndex(where: { !$0.isFinite }) {
                            throw DataError.nonFiniteValue(path: path, name: name, row: row, column: j, value: target[j], line: nil)
                        }
                    }
                }
            }
            // The last chunk: read and verify the rest of the member (CRC-32, deflate stream) before
            // handing it over, so corrupt data is an error, never scores.
            if end == indices.count { try stream.finish() }
            try body(DataMatrix(rows: end - start, cols: cols, values: values), start..<end)
            start = end
        }
        if indices.isEmpty { try stream.finish() }
    }

    /// An array of the same archive read whole (e.g. the labels, one value per row).
    public static func wholeArray(npz path: String, array name: String) throws -> NumericArray {
        try NpzFile(path: path).array(named: name)
    }

    /// Fortran order, stored member: per chunk, each column's contiguous span of the chunk's rows.
    private func forEachFortranChunk(rows indices: [Int], chunkRows: Int, _ body: (DataMatrix, Range<Int>) throws -> Void) throws {
        let type = NpyElementType(descr: typeDescr)!
        let stream = try NpzFile(path: path).reader(forArray: name)
        var start = 0
        while start < indices.count {
            let end = min(start + chunkRows, indices.count)
            let first = indices[start], last = indices[end - 1]
            guard first <= last, last < rows else {
                throw DataError.wrongShape(path: path, name: name, detail: "rows requested out of order or past \(rows) rows")
            }
            let span = last - first + 1
            var raw = [UInt8](repeating: 0, count: span * type.size)
            var column = [Double](repeating: 0, count: span)
            var values = [Double](repeating: 0, count: (end - start) * cols)
            for j in 0..<cols {
                try raw.withUnsafeMutableBytes { try stream.read(at: headerBytes + (j * rows + first) * type.size, into: $0) }
                raw.withUnsafeBytes { bytes in column.withUnsafeMutableBufferPointer { type.convert(bytes, into: $0) } }
                for (k, row) in indices[start..<end].enumerated() {
                    let v = column[row - first]
                    guard v.isFinite else {
                        throw DataError.nonFiniteValue(path: path, name: name, row: row, column: j, value: v, line: nil)
                    }
                    values[k * cols + j] = v
                }
            }
            try body(DataMatrix(rows: end - start, cols: cols, values: values), start..<end)
            start = end
        }
    }
}
