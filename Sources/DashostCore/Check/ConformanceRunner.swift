import Foundation

/// Runs the conformance suite of a library with every check in its own child process (the
/// `dashost` executable, hidden command `ConformanceRunner.childCommand`): the library is listed in
/// one child, each check runs in another, so a crash becomes a FAIL line naming the signal.
public enum ConformanceRunner {
    /// The hidden command the child processes run.
    public static let childCommand = "__check-child"
    /// How long one check may take before it is killed and failed.
    public static let checkTimeout = 300.0

    /// One plugin of the library, as the listing child reports it.
    public struct PluginReport: Sendable {
        public let name: String
        public let kind: String
        public let version: String
        public let abi: String
        public let results: [CheckResult]
    }

    /// What the child is asked to do, passed as one JSON argument.
    struct Request: Codable {
        var library: String
        var params: String
        var plugin: String?
        var check: String?
    }

    /// What the listing child answers.
    struct Listing: Codable {
        struct Entry: Codable {
            let name, kind, version, abi: String
            let checks: [CheckInfo]
        }
        struct CheckInfo: Codable {
            let id, name: String
            let needs: [String]
        }
        var plugins: [Entry] = []
        var error: String?
        var paramsError = false
    }

    /// A problem that stops the run before any check: the library does not load, or `--params` do
    /// not fit the plugin's schema (one error, not one FAIL per check).
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
        /// Whether the caller's `--params` are at fault (a usage error) rather than the library.
        public var isParams = false
    }

    /// What `run` reports as it goes, so a caller prints each line as soon as it is known.
    public enum Event {
        /// A plugin's checks start.
        case plugin(name: String, kind: String, version: String, abi: String)
        /// One check finished.
        case result(CheckResult)
    }

    /// Lists the library and runs every check of every plugin (or only `plugin`), each in a child
    /// process of `executable`; `report` is called as each plugin starts and each check ends.
    public static func run(library: String, plugin: String? = nil, params: String = "{}",
                           executable: String, report: ((Event) -> Void)? = nil) throws -> [PluginReport] {
        let listing = try ask(executable, Request(library: library, params: params, plugin: plugin, check: nil),
                              what: "loading the library")
        let decoded: Listing
        do { decoded = try JSONDecoder().decode(Listing.self, from: listing.stdout) } catch {
            throw SetupError(description: "loading '\(library)' failed: \(listing.ending.description)\(tail(listing.stderr))")
        }
        if let error = decoded.error { throw SetupError(description: error, isParams: decoded.paramsError) }
        var reports: [PluginReport] = []
        for entry in decoded.plugins {
            report?(.plugin(name: entry.name, kind: entry.kind, version: entry.version, abi: entry.abi))
            var results: [CheckResult] = []
            func record(_ result: CheckResult) {
                results.append(result)
                report?(.result(result))
            }
            for check in entry.checks {
                if let skipped = ConformanceSuite.skip(check.id, check.name, needs: check.needs, after: results) {
                    record(skipped)
                    continue
                }
                let request = Request(library: library, params: params, plugin: entry.name, check: check.id)
                let answer = try ask(executable, request, what: check.name)
                if case .exited(0) = answer.ending, let result = try? JSONDecoder().decode(CheckResult.self, from: answer.stdout) {
                    record(result)
                } else {
                    record(CheckResult(id: check.id, name: check.name, outcome: .fail,
                                       detail: "the check process ended with \(answer.ending.description)\(tail(answer.stderr))"))
                }
            }
            reports.append(PluginReport(name: entry.name, kind: entry.kind, version: entry.version, abi: entry.abi, results: results))
        }
        return reports
    }

    private static func ask(_ executable: String, _ request: Request, what: String) throws -> ChildProcess.Result {
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        // The Swift runtime's crash backtracer would be the child's last words; the signal and the
        // C library's own message (e.g. "double free or corruption") say more.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        return try ChildProcess.run(executable, [childCommand, json], timeout: checkTimeout, environment: environment)
    }

    /// The last line the child wrote to standard error (e.g. glibc's "double free or corruption").
    private static func tail(_ stderr: Data) -> String {
        let lines = String(decoding: stderr, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let last = lines.last(where: { !$0.isEmpty }) else { return "" }
        return ": \(last.prefix(300))"
    }

    /// The child side: `dashost __check-child JSON`. Lists the library, or runs one check, and
    /// prints the answer as JSON on standard output.
    public static func child(_ requestJSON: String) -> Int32 {
        guard let request = try? JSONDecoder().decode(Request.self, from: Data(requestJSON.utf8)) else {
            FileHandle.standardError.write(Data("\(childCommand): malformed request\n".utf8))
            return 2
        }
        let encoder = JSONEncoder()
        func emit<T: Encodable>(_ value: T) {
            if let data = try? encoder.encode(value) { FileHandle.standardOutput.write(data + Data("\n".utf8)) }
        }
        do {
            let library = try PluginLibrary.open(path: request.library)
            var plugins = library.plugins
            if let name = request.plugin {
                guard let plugin = library.plugin(name) else {
                    let known = library.plugins.map(\.name).joined(separator: ", ")
                    emit(Listing(error: "'\(request.library)' has no plugin named '\(name)' (it has: \(known))"))
                    return 0
                }
                plugins = [plugin]
            }
            if let id = request.check, let plugin = plugins.first {
                guard let result = ConformanceSuite.runOne(plugin: plugin, params: request.params, id: id) else {
                    FileHandle.standardError.write(Data("\(childCommand): no check '\(id)'\n".utf8))
                    return 2
                }
                emit(result)
                return 0
            }
            var listing = Listing()
            for plugin in plugins {
                do {
                    try ConformanceSuite.validate(params: request.params, for: plugin)
                } catch {
                    emit(Listing(error: "invalid --params for plugin '\(plugin.name)': \(error)", paramsError: true))
                    return 0
                }
                let checks = ConformanceSuite.checks(for: plugin, params: request.params)
                listing.plugins.append(Listing.Entry(name: plugin.name, kind: plugin.kind.rawValue, version: plugin.version,
                                                     abi: "\(plugin.abiMajor).\(plugin.abiMinor)",
                                                     checks: checks.map { Listing.CheckInfo(id: $0.id, name: $0.name, needs: $0.needs) }))
            }
            emit(listing)
            return 0
        } catch {
            emit(Listing(error: "\(error)"))
            return 0
        }
    }
}
