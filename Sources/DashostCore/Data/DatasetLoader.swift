/// Loads a `Dataset` from a file, choosing the reader by extension (`.npz`, `.mat`, `.csv`,
/// case-insensitive) and checking what every detector relies on: a 2-D feature matrix of finite values,
/// and labels (when present) that are one 0/1 entry per row.
public enum DatasetLoader {
    /// `.npz` files that would take more than this many bytes of memory read whole (the sum of their
    /// members' uncompressed sizes, from the zip directory, never the file's compressed size) are
    /// streamed by default ...
    public static let streamAboveBytes = 64 << 20
    /// ... in chunks of this many rows.
    public static let streamChunkRows = 65_536

    /// The chunk size to stream `path` with by default: `streamChunkRows` for an `.npz` whose members
    /// inflate to more than `streamAboveBytes`, nil (read whole) otherwise, and nil when the directory
    /// cannot be read (loading the file then reports why).
    public static func defaultChunkRows(path: String) -> Int? {
        guard fileExtension(path).lowercased() == "npz", let archive = try? NpzFile(path: path) else { return nil }
        return archive.uncompressedBytes > streamAboveBytes ? streamChunkRows : nil
    }

    /// Loads `path`.
    ///
    /// - Parameters:
    ///   - label: for `.csv`, the header column holding the labels (nil: no labels, every column is a
    ///     feature); for `.npz` / `.mat`, the name of the labels array (nil: `labelsArray`).
    ///   - featuresArray: the features array / variable of an `.npz` / `.mat` (default `X`).
    ///   - labelsArray: the default labels array / variable of an `.npz` / `.mat` (default `y`).
    public static func load(path: String, label: String? = nil,
                            featuresArray: String = "X", labelsArray: String = "y") throws -> Dataset {
        let ext = fileExtension(path)
        switch ext.lowercased() {
        case "csv":
            return try CSVReader.read(path: path, labelColumn: label)
        case "npz":
            let archive = try NpzFile(path: path)
            return try assemble(path: path, featuresName: featuresArray, labelsName: label ?? labelsArray,
                                available: archive.arrayNames, read: archive.array(named:))
        case "mat":
            let file = try MatFile(path: path)
            return try assemble(path: path, featuresName: featuresArray, labelsName: label ?? labelsArray,
                                available: file.variableNames, read: file.variable(named:))
        default:
            // Say "no such file" (or "is a directory") before "unknown format" when both are true.
            try DataFileAccess.requireRegularFile(path)
            throw DataError.unknownExtension(path: path, ext: ext)
        }
    }

    /// Reads and checks X and y from an array container (`.npz` or `.mat`).
    static func assemble(path: String, featuresName: String, labelsName: String, available: [String],
                         read: (String) throws -> NumericArray) throws -> Dataset {
        // Check both names first so one message can say which are missing and what is there.
        for name in [featuresName, labelsName] where !available.contains(name) {
            throw DataError.missingArray(path: path, name: name, available: available)
        }
        let x = try read(featuresName)
        let y = try read(labelsName)
        let features = try featureMatrix(x, path: path, name: featuresName)
        let labels = try labelVector(y, rows: features.rows, path: path, name: labelsName)
        return Dataset(name: DataFileAccess.datasetName(fromPath: path), features: features, labels: labels)
    }

    /// `array` as a features matrix: exactly 2-D, at least one row and column, all values finite.
    public static func featureMatrix(_ array: NumericArray, path: String, name: String) throws -> DataMatrix {
        guard array.shape.count == 2 else {
            throw DataError.wrongShape(path: path, name: name,
                                       detail: "expected 2-D (rows, features), got \(array.shape.count)-D shape \(array.shape)")
        }
        let rows = array.shape[0], cols = array.shape[1]
        guard rows > 0, cols > 0 else {
            throw DataError.wrongShape(path: path, name: name, detail: "shape \(array.shape) has no data")
        }
        if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
            throw DataError.nonFiniteValue(path: path, name: name, row: bad / cols, column: bad % cols,
                                           value: array.values[bad], line: nil)
        }
        return DataMatrix(rows: rows, cols: cols, values: array.values)
    }

    /// `array` as labels: a vector (`(n,)`, `(n, 1)` or `(1, n)`) of `rows` entries, each 0 or 1.
    public static func labelVector(_ array: NumericArray, rows: Int, path: String, name: String) throws -> [Double] {
        let shape = array.shape
        let isVector = shape.count == 1 || (shape.count == 2 && (shape[0] == 1 || shape[1] == 1))
        guard isVector, array.values.count == rows else {
            throw DataError.wrongShape(path: path, name: name,
                                       detail: "expected \(rows) labels (one per row of the features), got shape \(shape)")
        }
        if let bad = array.values.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw DataError.labelsNotBinary(path: path, name: name, row: bad, value: array.values[bad])
        }
        return array.values
    }

    private static func fileExtension(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return "" }
        return String(file[file.index(after: dot)...])
    }
}
