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
    FileHandle.standardError.write(Data("dashost: error: \(error)\n".utf8))
    ExitGuard.exit(1)
}
