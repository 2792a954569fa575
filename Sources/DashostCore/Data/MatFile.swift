import CMatio
import Foundation

/// A MATLAB `.mat` file (v4, v5 and, where libmatio was built with HDF5, v7.3) read through libmatio,
/// as used by the ODDS benchmark files (`X` features, `y` labels).
public final class MatFile {
    /// The file this was opened from (used in error messages).
    public let path: String
    private let handle: OpaquePointer

    /// Opens `path` read-only.
    public init(path: String) throws {
        if try DataFileAccess.requireRegularFile(path) == 0 { throw DataError.emptyFile(path: path, detail: "0 bytes") }
        // libmatio reads a truncated v5 file without complaint (the missing bytes come back as
        // garbage), so check the file's element structure first.
        try MatV5Layout.check(path: path)
        MatioLog.install()
        MatioLog.clear()
        guard let handle = Mat_Open(path, Int32(MAT_ACC_RDONLY.rawValue)) else {
            throw DataError.corruptFile(path: path, detail: "not a MATLAB .mat file (v4, v5 or v7.3) that libmatio can open")
        }
        self.path = path
        self.handle = handle
    }

    deinit { Mat_Close(handle) }

    /// The names of the variables in the file, in file order.
    public var variableNames: [String] {
        Mat_Rewind(handle)
        defer { Mat_Rewind(handle) }
        var names: [String] = []
        while let info = Mat_VarReadNextInfo(handle) {
            if let name = info.pointee.name { names.append(String(cString: name)) }
            Mat_VarFree(info)
        }
        return names
    }

    /// The numeric variable `name`, converted to `Double` and reordered from MATLAB's column-major
    /// layout to row-major.
    public func variable(named name: String) throws -> NumericArray {
        // The class first, from the variable's header alone: libmatio sizes the buffers of a sparse
        // (or cell, struct) variable from values in the file, so a 92-byte v4 file holding a sparse
        // variable of 1543503872 rows made it allocate 6 GB (found by fuzzing). Only numeric arrays
        // are read, so nothing else is handed to Mat_VarRead.
        let info = try located(name) { Mat_VarReadInfo(handle, name) }
        let checked = Result { try numericElementSize(info.pointee, name: name) }
        Mat_VarFree(info)
        _ = try checked.get()
        let variable = try located(name) { Mat_VarRead(handle, name) }
        defer { Mat_VarFree(variable) }
        let v = variable.pointee
        let rank = Int(v.rank)
        let shape = (0..<rank).map { Int(v.dims[$0]) }
        let count = shape.reduce(1, *)
        let className = Self.className(v.class_type)
        let elementSize = try numericElementSize(v, name: name)
        guard Int(v.data_size) == elementSize, count == 0 || v.data != nil else {
            throw DataError.corruptArray(path: path, name: name,
                                         detail: "libmatio returned \(v.data_size)-byte elements for class \(className)")
        }
        var columnMajor = [Double](repeating: 0, count: count)
        if count > 0, let data = v.data {
            let raw = UnsafeRawBufferPointer(start: data, count: count * elementSize)
            columnMajor.withUnsafeMutableBufferPointer { out in
                Self.convert(raw, classType: v.class_type, into: out)
            }
        }
        let rowMajor = rank > 1 ? NumericArray.columnMajorToRowMajor(columnMajor, shape: shape) : columnMajor
        return NumericArray(shape: shape, values: rowMajor, dtype: v.isLogical != 0 ? "logical" : className)
    }

    /// Runs one libmatio read of `name` from the file's start: its result, or the corrupt-array
    /// error libmatio logged (for a variable the file lists), or the missing-array error.
    private func located(_ name: String, _ read: () -> UnsafeMutablePointer<matvar_t>?) throws -> UnsafeMutablePointer<matvar_t> {
        Mat_Rewind(handle)
        MatioLog.clear()
        guard let variable = read() else {
            if let reason = MatioLog.last(), variableNames.contains(name) {
                throw DataError.corruptArray(path: path, name: name, detail: reason)
            }
            throw DataError.missingArray(path: path, name: name, available: variableNames)
        }
        return variable
    }

    /// The element size of a real numeric variable; complex and non-numeric classes are refused.
    private func numericElementSize(_ v: matvar_t, name: String) throws -> Int {
        let className = Self.className(v.class_type)
        if v.isComplex != 0 { throw DataError.unsupportedDType(path: path, name: name, dtype: "complex \(className)") }
        guard let size = Self.elementSize(v.class_type) else {
            throw DataError.unsupportedDType(path: path, name: name, dtype: className)
        }
        return size
    }

    private static func elementSize(_ type: matio_classes) -> Int? {
        switch type {
        case MAT_C_DOUBLE, MAT_C_INT64, MAT_C_UINT64: return 8
        case MAT_C_SINGLE, MAT_C_INT32, MAT_C_UINT32: return 4
        case MAT_C_INT16, MAT_C_UINT16: return 2
        case MAT_C_INT8, MAT_C_UINT8: return 1
        default: return nil
        }
    }

    private static func convert(_ raw: UnsafeRawBufferPointer, classType: matio_classes,
                                into out: UnsafeMutableBufferPointer<Double>) {
        func load<T>(_ type: T.Type, _ toDouble: (T) -> Double) {
            for i in 0..<out.count { out[i] = toDouble(raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)) }
        }
        switch classType {
        case MAT_C_DOUBLE: load(Double.self) { $0 }
        case MAT_C_SINGLE: load(Float.self) { Double($0) }
        case MAT_C_INT64: load(Int64.self) { Double($0) }
        case MAT_C_UINT64: load(UInt64.self) { Double($0) }
        case MAT_C_INT32: load(Int32.self) { Double($0) }
        case MAT_C_UINT32: load(UInt32.self) { Double($0) }
        case MAT_C_INT16: load(Int16.self) { Double($0) }
        case MAT_C_UINT16: load(UInt16.self) { Double($0) }
        case MAT_C_INT8: load(Int8.self) { Double($0) }
        case MAT_C_UINT8: load(UInt8.self) { Double($0) }
        default: fatalError("MatFile.convert: unsupported class \(classType)")
        }
    }

    private static func className(_ type: matio_classes) -> String {
        switch type {
        case MAT_C_EMPTY: return "empty"
        case MAT_C_CELL: return "cell"
        case MAT_C_STRUCT: return "struct"
        case MAT_C_OBJECT: return "object"
        case MAT_C_CHAR: return "char"
        case MAT_C_SPARSE: return "sparse"
        case MAT_C_DOUBLE: return "double"
        case MAT_C_SINGLE: return "single"
        case MAT_C_INT8: return "int8"
        case MAT_C_UINT8: return "uint8"
        case MAT_C_INT16: return "int16"
        case MAT_C_UINT16: return "uint16"
        case MAT_C_INT32: return "int32"
        case MAT_C_UINT32: return "uint32"
        case MAT_C_INT64: return "int64"
        case MAT_C_UINT64: return "uint64"
        case MAT_C_FUNCTION: return "function"
        default: return "class \(type.rawValue)"
        }
    }
}

/// libmatio's log hook. Its default logger prints to stderr and *aborts the process* on errors, so we
/// install one that records the last message instead and fold it into our own error.
enum MatioLog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var lastMessage: String?
    private static let installed: Void = {
        _ = Mat_LogInitFunc("dashost") { _, message in
            guard let message else { return }
            MatioLog.record(String(cString: message))
        }
    }()

    static func install() { _ = installed }

    static func clear() {
        lock.lock(); defer { lock.unlock() }
        lastMessage = nil
    }

    static func last() -> String? {
        lock.lock(); defer { lock.unlock() }
        return lastMessage
    }

    private static func record(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        lastMessage = message
    }
}
