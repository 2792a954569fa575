/// Reads a numeric CSV with a header row into a `Dataset`.
///
/// The separator is a comma (only). Fields may be quoted (`"a,b"`, `""` for a quote inside, quoted
/// fields may span lines); lines may end in LF or CRLF; a trailing newline and blank lines are ignored;
/// a UTF-8 byte-order mark is skipped. Header names are trimmed and must be unique. Every field except
/// the label column must parse as a finite number. Without a label column all columns are features and
/// the data set has no labels. docs/robustness.md lists what is accepted and refused.
public enum CSVReader {
    /// Reads the CSV at `path`; `labelColumn` names the header column holding 0/1 labels.
    public static func read(path: String, labelColumn: String?) throws -> Dataset {
        let bytes = try DataFileAccess.readAll(path)
        return try parse(bytes: bytes, path: path, labelColumn: labelColumn)
    }

    /// Parses a CSV image already in memory; `path` names it in errors and gives the data set's name.
    public static func parse(bytes: [UInt8], path: String, labelColumn: String?) throws -> Dataset {
        let records = try splitRecords(bytes, path: path)
        guard let header = records.first else { throw DataError.emptyFile(path: path, detail: "no header row") }
        let columns = header.fields.map { DataFileAccess.trimmed($0) }
        var seen: Set<String> = [], repeated: [String] = []
        for name in columns where !seen.insert(name).inserted && !repeated.contains(name) { repeated.append(name) }
        guard repeated.isEmpty else { throw DataError.duplicateColumns(path: path, columns: repeated) }
        guard records.count > 1 else { throw DataError.emptyFile(path: path, detail: "a header but no data rows") }

        var labelIndex: Int?
        if let labelColumn {
            guard let index = columns.firstIndex(of: labelColumn) else {
                throw DataError.unknownLabelColumn(path: path, name: labelColumn, columns: columns)
            }
            labelIndex = index
        }
        let featureColumns = columns.indices.filter { $0 != labelIndex }
        let rows = records.count - 1
        var values = [Double]()
        values.reserveCapacity(rows * featureColumns.count)
        var labels: [Double]? = labelIndex == nil ? nil : []
        labels?.reserveCapacity(rows)

        for (row, record) in records.dropFirst().enumerated() {
            guard record.fields.count == columns.count else {
                throw DataError.raggedRow(path: path, line: record.line, expected: columns.count, found: record.fields.count)
            }
            for (column, fieldIndex) in featureColumns.enumerated() {
                let value = try number(record.fields[fieldIndex], path: path, line: record.line, column: columns[fieldIndex])
                guard value.isFinite else {
                    throw DataError.nonFiniteValue(path: path, name: columns[fieldIndex], row: row, column: column,
                                                   value: value, line: record.line)
                }
                values.append(value)
            }
            if let labelIndex {
                let value = try number(record.fields[labelIndex], path: path, line: record.line, column: columns[labelIndex])
                guard value == 0 || value == 1 else {
                    throw DataError.labelsNotBinary(path: path, name: columns[labelIndex], row: row, value: value)
                }
                labels?.append(value)
            }
        }
        return Dataset(name: DataFileAccess.datasetName(fromPath: path),
                       features: DataMatrix(rows: rows, cols: featureColumns.count, values: values),
                       labels: labels, featureNames: featureColumns.map { columns[$0] })
    }

    private static func number(_ field: String, path: String, line: Int, column: String) throws -> Double {
        let text = DataFileAccess.trimmed(field)
        guard let value = Double(text) else {
            throw DataError.invalidNumber(path: path, line: line, column: column, text: field)
        }
        return value
    }

    /// One CSV record and the 1-based line it starts on.
    @_spi(Testing) public struct Record {
        var fields: [String]
        var line: Int
    }

    /// Splits the bytes into records of fields, honouring quotes (which may span lines).
    @_spi(Testing) public static func splitRecords(_ bytes: [UInt8], path: String) throws -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var quoteLine = 0
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            // A blank line (one empty, unquoted field) is not a record.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case quote:
                // A quote opens a quoted field only at the field's start (spaces before it allowed).
                guard field.allSatisfy({ $0 == UInt8(ascii: " ") }), !fieldWasQuoted else {
                    throw DataError.malformedCSV(path: path, line: line, detail: "unexpected '\"' inside an unquoted field")
                }
                field.removeAll(keepingCapacity: true)
                inQuotes = true
                fieldWasQuoted = true
                quoteLine = line
            case comma:
                endField()
            case lf:
                endRecord()
                line += 1
                recordLine = line
            case cr where index + 1 < bytes.count && bytes[index + 1] == lf:
                break  // the LF that follows ends the record
            default:
                if fieldWasQuoted && byte != UInt8(ascii: " ") {
                    throw DataError.malformedCSV(path: path, line: line, detail: "text after a closing '\"'")
                }
                if !fieldWasQuoted { field.append(byte) }
            }
            index += 1
        }
        if inQuotes {
            throw DataError.malformedCSV(path: path, line: quoteLine, detail: "unterminated quoted field")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
