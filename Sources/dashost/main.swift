import DashostCore
import Foundation

// The `dashost` command line: a thin layer over DashostCore. Every failure prints one line
// `dashost: error: ...` naming the file, node, field or plugin at fault, and exits non-zero.
setvbuf(stdout, nil, _IOLBF, 0)
ExitGuard.install()
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let status = try CommandLineInterface.run(arguments)
    ExitGuard.exit(status)
} catch let error as UsageError {
    FileHandle.standardError.write(Data("dashost: \(error.message)\n\(error.hint)\n".utf8))
    ExitGuard.exit(2)
} catch {
    // One line, whatever bytes a damaged file put into the message: control characters are escaped.
    let line = "\(error)".unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
        .joined()
    FileHandle.standardError.write(Data("dashost: error: \(line)\n".utf8))
    ExitGuard.exit(1)
}
