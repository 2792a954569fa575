import Foundation

/// Writes per-row results (row index, label, each stage's scores) as a CSV through `AtomicFileWriter`.
///
/// Doubles are printed with `%.17g`, which round-trips every finite double exactly (`nan`, `inf`,
/// `-inf` otherwise); integer columns are printed as integers. Header names are quoted when they hold a
/// comma, quote or line break.
public enum ScoresCSVWriter {
    /// One named column of the table.
    public enum Column: Sendable {
        /// Whole numbers, e.g. row indices.
        case integers(String, [Int])
        /// Doubles, e.g. labels or scores.
        case doubles(String, [Double])

        /// The header name.
        public var name: String {
            switch self {
            case let .integers(name, _), let .doubles(name, _): return name
            }
        }

        /// Number of values.
        public var count: Int {
            switch self {
            case let .integers(_, values): return values.count
            case let .doubles(_, values): return values.count
            }
        }
    }

    /// Writes `columns` to `path` atomically. Throws `OutputError` when the columns differ in length.
    public static func write(to path: String, columns: [Column]) throws {
        try validate(columns, path: path)
        try AtomicFileWriter.write(to: path) { sink in
            try render(columns) { try sink.write($0) }
        }
    }

    /// Writes `columns` to a temporary file for `path`, published later (`AtomicFileWriter.stage`).
    public static func stage(to path: String, columns: [Column]) throws -> AtomicFileWriter.StagedFile {
        try validate(columns, path: path)
        return try AtomicFileWriter.stage(to: path) { sink in
            try render(columns) { try sink.write($0) }
        }
    }

    /// The CSV text of `columns` (what `write` would put in a file).
    public static func csv(columns: [Column]) throws -> String {
        try validate(columns, path: "(csv)")
        var text = ""
        try render(columns) { text += $0 }
        return text
    }

    /// A double with 17 significant digits: `%.17g` (exact round trip).
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.17g", value)
    }

    private static func validate(_ columns: [Column], path: String) throws {
        guard let first = columns.first else { throw OutputError.noColumns(path: path) }
        for column in columns where column.count != first.count {
            throw OutputError.columnLengthMismatch(path: path, column: column.name, count: column.count, expected: first.count)
        }
    }

    private static func render(_ columns: [Column], emit: (String) throws -> Void) throws {
        try emit(columns.map { quoted($0.name) }.joined(separator: ",") + "\n")
        let rows = columns.first?.count ?? 0
        var line = ""
        for row in 0..<rows {
            line.removeAll(keepingCapacity: true)
            for (index, column) in columns.enumerated() {
                if index > 0 { line += "," }
                switch column {
                case let .integers(_, values): line += String(values[row])
                case let .doubles(_, values): line += format(values[row])
                }
            }
            line += "\n"
            try emit(line)
        }
    }

    /// `field` as one CSV field: quoted (`""` for a quote inside) when it holds a comma, quote or line
    /// break, or starts or ends with a space (which `CSVReader` would trim); as is otherwise.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.first?.isWhitespace == true || field.last?.isWhitespace == true
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
