/// Why a data file could not be loaded. Every case names the file, and where it makes sense the array,
/// variable, column, row or line, so the message alone tells the user what to fix.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file does not exist (or is not a regular file).
    case fileNotFound(path: String)
    /// The path exists but is not a regular file; `kind` says what it is ("a directory", "a FIFO (named pipe)",
    /// "a character device", ...).
    case notRegularFile(path: String, kind: String)
    /// Two members of an archive (or variables of a MAT file) share one name.
    case duplicateName(path: String, name: String, detail: String)
    /// A CSV header names the same column more than once (`columns` are the repeated names).
    case duplicateColumns(path: String, columns: [String])
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The extension is none of `.npz`, `.mat`, `.csv`.
    case unknownExtension(path: String, ext: String)
    /// The file holds no bytes, or (CSV) no header or no data row.
    case emptyFile(path: String, detail: String)
    /// The archive or MAT file has no array / variable of that name.
    case missingArray(path: String, name: String, available: [String])
    /// An array has the wrong shape (X not 2-D, y not a vector of X's row count, ...).
    case wrongShape(path: String, name: String, detail: String)
    /// A NaN or infinite feature value. `name` is the array (`X`) or the CSV column; `row` and `column` are
    /// 0-based positions in the feature matrix; `line` is the 1-based CSV line when there is one.
    case nonFiniteValue(path: String, name: String, row: Int, column: Int, value: Double, line: Int?)
    /// A CSV that cannot be split into fields (an unterminated quote, text after a closing quote).
    case malformedCSV(path: String, line: Int, detail: String)
    /// A CSV field that is not a number (`line` is 1-based, as an editor shows it).
    case invalidNumber(path: String, line: Int, column: String, text: String)
    /// A CSV row with a different number of fields than the header (`line` is 1-based).
    case raggedRow(path: String, line: Int, expected: Int, found: Int)
    /// A label that is neither 0 nor 1 (`row` is 0-based).
    case labelsNotBinary(path: String, name: String, row: Int, value: Double)
    /// `--label NAME` names no column of the CSV header.
    case unknownLabelColumn(path: String, name: String, columns: [String])
    /// The zip container of an `.npz` is damaged or uses something this reader does not implement.
    case corruptArchive(path: String, detail: String)
    /// The file as a whole is damaged or not in the format its extension says (e.g. a truncated `.mat`).
    case corruptFile(path: String, detail: String)
    /// A `.npy` member (or MAT variable) is damaged.
    case corruptArray(path: String, name: String, detail: String)
    /// An array that cannot be read in chunks (e.g. Fortran order in a compressed member).
    case cannotStream(path: String, name: String, detail: String)
    /// An element type this reader does not convert (structured dtypes, complex, strings, cells ...).
    case unsupportedDType(path: String, name: String, dtype: String)
    /// The paper's split needs labels and at least two inliers.
    case cannotSplit(dataset: String, detail: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "\(path): no such file"
        case let .notRegularFile(path, kind):
            return "\(path): is \(kind), not a data file (give the path of a regular file)"
        case let .duplicateName(path, name, detail):
            return "\(path): '\(name)' appears more than once (\(detail)); refusing to guess which copy is meant"
        case let .duplicateColumns(path, columns):
            let list = columns.map { "'\($0)'" }.joined(separator: ", ")
            return "\(path): the header repeats column name\(columns.count == 1 ? "" : "s") \(list); every column needs its own name"
        case let .unreadable(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .unknownExtension(path, ext):
            let shown = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            return "\(path): unknown data format (\(shown)); expected .npz, .mat or .csv"
        case let .emptyFile(path, detail):
            return "\(path): empty file (\(detail))"
        case let .missingArray(path, name, available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "\(path): missing array '\(name)' (present: \(list))"
        case let .wrongShape(path, name, detail):
            return "\(path): array '\(name)' has the wrong shape: \(detail)"
        case let .nonFiniteValue(path, name, row, column, value, line):
            let whereInFile = line.map { ", line \($0)" } ?? ""
            return "\(path): non-finite value \(value) in '\(name)' at row \(row), column \(column) (0-based)\(whereInFile)"
        case let .malformedCSV(path, line, detail):
            return "\(path): line \(line): \(detail)"
        case let .invalidNumber(path, line, column, text):
            return "\(path): line \(line), column '\(column)': '\(text)' is not a number"
        case let .raggedRow(path, line, expected, found):
            return "\(path): line \(line) has \(found) fields, the header has \(expected)"
        case let .labelsNotBinary(path, name, row, value):
            return "\(path): labels '\(name)' must be 0 (inlier) or 1 (anomaly); row \(row) (0-based) is \(value)"
        case let .unknownLabelColumn(path, name, columns):
            return "\(path): no label column '\(name)'; the columns are: \(columns.joined(separator: ", "))"
        case let .corruptArchive(path, detail):
            return "\(path): corrupt or unsupported zip archive: \(detail)"
        case let .corruptFile(path, detail):
            return "\(path): corrupt file: \(detail)"
        case let .corruptArray(path, name, detail):
            return "\(path): array '\(name)' is corrupt: \(detail)"
        case let .cannotStream(path, name, detail):
            return "\(path): array '\(name)' cannot be streamed: \(detail)"
        case let .unsupportedDType(path, name, dtype):
            return "\(path): array '\(name)' has unsupported element type \(dtype)"
        case let .cannotSplit(dataset, detail):
            return "\(dataset): cannot make the paper's split: \(detail)"
        }
    }
}
