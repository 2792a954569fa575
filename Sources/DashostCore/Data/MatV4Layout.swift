/// A structural check of a MATLAB v4 file (any file libmatio reads as v4: one without a v5 or v7.3
/// header) done before libmatio sees it. libmatio trusts a v4 variable's header: it allocates the
/// bytes its dimensions claim and reads what the file holds, so a few bytes claiming a 196608 x 65444
/// matrix made it allocate 100 GB (found by fuzzing), and a file cut short gave garbage. Checked, for
/// every variable from the start of the file to its end:
/// - the 20-byte header (type MOPT, rows, columns, imaginary flag, name length) is complete, and the
///   type is one libmatio reads (M: IEEE little- or big-endian; O: 0; P: double, single, int32, int16,
///   uint16, uint8; T: numeric, text or sparse);
/// - rows and columns are not negative, the name has at least its terminating NUL;
/// - the name and the data the dimensions need (twice for a complex variable) lie inside the file.
/// Bytes after the last variable are refused as a truncated variable.
enum MatV4Layout {
    static func check(bytes: [UInt8], path: String) throws {
        func corrupt(_ detail: String) -> DataError { .corruptFile(path: path, detail: detail) }
        func word(_ at: Int, bigEndian: Bool) -> Int32 {
            let value = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            return Int32(bitPattern: bigEndian ? value.byteSwapped : value)
        }
        let size = bytes.count
        var offset = 0
        var index = 0
        while offset < size {
            let place = "v4 variable \(index) at offset \(offset)"
            guard offset + 20 <= size else {
                throw corrupt("truncated MAT file: \(place) needs a 20-byte header, only \(size - offset) byte(s) remain")
            }
            // libmatio's rule (Mat_VarReadNextInfo4): a type outside 0...4052 is tried byte-swapped.
            var type = word(offset, bigEndian: false)
            if type < 0 || type > 4052 { type = word(offset, bigEndian: true) }
            let m = type / 1000, o = (type / 100) % 10, p = (type / 10) % 10, t = type % 10
            guard (0...4052).contains(type), m == 0 || m == 1, o == 0, (0...5).contains(p), (0...2).contains(t) else {
                if index == 0 {
                    throw corrupt("not a MATLAB .mat file: no v5 or v7.3 header, and the first word is not a v4 variable type (MOPT)")
                }
                throw corrupt("\(place): the type word \(word(offset, bigEndian: false)) is not a v4 variable type (MOPT)")
            }
            let bigEndian = m == 1
            let rows = Int(word(offset + 4, bigEndian: bigEndian)), cols = Int(word(offset + 8, bigEndian: bigEndian))
            // libmatio reads the imaginary flag without byte-swapping it: anything but 0 is complex.
            let complex = word(offset + 12, bigEndian: false) != 0
            let nameLength = Int(word(offset + 16, bigEndian: bigEndian))
            guard rows >= 0, cols >= 0 else { throw corrupt("\(place): negative dimensions \(rows) x \(cols)") }
            guard nameLength >= 1 else { throw corrupt("\(place): name length \(nameLength) (at least 1, for the terminating NUL)") }
            guard !(complex && t == 1) else { throw corrupt("\(place): a text variable cannot be complex") }
            let dataStart = offset + 20 + nameLength
            guard dataStart <= size else {
                throw corrupt("truncated MAT file: \(place) declares a \(nameLength)-byte name, only \(size - offset - 20) byte(s) remain")
            }
            let nameBytes = bytes[(offset + 20)..<(dataStart - 1)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            let elementSize = [8, 4, 4, 2, 2, 1][Int(p)]
            let typeName = ["double", "single", "int32", "int16", "uint16", "uint8"][Int(p)]
            var needed = 1
            var overflow = false
            for factor in [rows, cols, elementSize, complex ? 2 : 1] {
                let (product, over) = needed.multipliedReportingOverflow(by: factor)
                if over { overflow = true; break }
                needed = product
            }
            let remaining = size - dataStart
            guard !overflow, needed <= remaining else {
                throw corrupt("truncated MAT file: \(place) (variable '\(name)') declares \(rows) x \(cols) \(complex ? "complex " : "")\(typeName) values, "
                    + "\(overflow ? "more than Int.max" : String(needed)) bytes, only \(remaining) remain")
            }
            offset = dataStart + needed
            index += 1
        }
    }
}
