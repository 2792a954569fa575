import Foundation

/// Builds a C synthesis policy (one file defining `generate_hard_anomalies`, as the code prompt asks)
/// into a plugin library: the host supplies the descriptor, the policy table and the library entry
/// around it (`entrySource`), so a generated program only has to get the algorithm right. It is
/// compiled with `cc -shared -fPIC -O2` against the SDK header alone, in a fresh temporary folder.
public struct CPolicyBuilder: Sendable {
    /// The SDK header's folder (`plugin-sdk/include`).
    public let includeFolder: String
    /// The compiler: `$CC`, else `cc`.
    public let compiler: String
    /// The compiler's wall-time limit.
    public var timeoutSeconds: Double = 120

    /// The function a C policy defines, exactly as the prompt states it.
    public static let functionSignature = "dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples, "
        + "dashost_score_callback model, dashost_matrix X_train, double *out, dashost_error *err)"

    /// With `includeFolder` nil, the SDK shipped with the checkout the executable was built in.
    public init(includeFolder: String? = nil, compiler: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let folder = includeFolder ?? ShippedFiles.path("plugin-sdk/include/dashost_plugin.h").map({ ($0 as NSString).deletingLastPathComponent }) else {
            throw PolicyBuildError("the plugin SDK header (plugin-sdk/include/dashost_plugin.h) was not found above the dashost executable")
        }
        self.includeFolder = folder
        self.compiler = compiler ?? environment["CC"].flatMap { $0.isEmpty ? nil : $0 } ?? "cc"
    }

    /// Compiles `source` into `library` (a path; its folder must exist). Throws `PolicyBuildError`
    /// with the compiler's own messages, which the repair loop sends back to the LLM.
    public func build(source: String, identity: PolicyIdentity, library: String) throws {
        try Self.checkIncludes(source)
        let work = try TemporaryFolder(prefix: "dashost-cc")
        defer { work.remove() }
        try source.write(toFile: work.path + "/policy.c", atomically: true, encoding: .utf8)
        try Self.entrySource(identity).write(toFile: work.path + "/entry.c", atomically: true, encoding: .utf8)
        let output = work.path + "/libpolicy.so"
        let arguments = ["-shared", "-fPIC", "-O2", "-std=gnu11", "-fvisibility=hidden", "-I", includeFolder,
                         "-Wl,--no-undefined", "-o", output, "entry.c", "policy.c", "-lm"]
        let executable = try Self.resolve(compiler)
        // In the work folder, so the compiler's messages (which go back to the LLM) name `policy.c`, not a temporary path.
        let result = try ChildProcess.run(executable, arguments, timeout: timeoutSeconds, currentDirectory: work.path)
        let messages = String(decoding: result.stderr + result.stdout, as: UTF8.self)
        guard result.ending == .exited(0), FileManager.default.fileExists(atPath: output) else {
            throw PolicyBuildError("the C compiler rejected the program (\(compiler) \(result.ending.description)):\n"
                                   + Self.excerpt(messages))
        }
        if FileManager.default.fileExists(atPath: library) { try FileManager.default.removeItem(atPath: library) }
        try FileManager.default.moveItem(atPath: output, toPath: library)
    }

    /// A program may include the SDK header and system headers by their plain names only: a path in
    /// an `#include` would make the compiler quote another file's lines in its messages, and those
    /// messages go back to the LLM.
    @_spi(Testing) public static func checkIncludes(_ source: String) throws {
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("#") else { continue }
            let directive = text.dropFirst().trimmingCharacters(in: .whitespaces)
            guard directive.hasPrefix("include") || directive.hasPrefix("embed") || directive.hasPrefix("import") else { continue }
            let target = directive.drop { $0.isLetter }.trimmingCharacters(in: .whitespaces)
            let allowed = target == "\"dashost_plugin.h\"" || target.range(of: #"^<[A-Za-z0-9_]+(/[A-Za-z0-9_]+)?\.h>$"#, options: .regularExpression) != nil
            guard allowed else {
                throw PolicyBuildError("line \(number + 1): '\(text)': include only \"dashost_plugin.h\" and standard headers such as <math.h> and <stdlib.h>")
            }
        }
    }

    /// The last lines of long compiler output (the first error is usually at the top, so the head is kept).
    static func excerpt(_ text: String, maxLines: Int = 40) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > maxLines else { return text }
        return lines.prefix(maxLines).joined(separator: "\n") + "\n[\(lines.count - maxLines) more lines]"
    }

    /// `name` as a path: itself when it has a slash, else the first match on $PATH.
    static func resolve(_ name: String) throws -> String {
        if name.contains("/") { return name }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PolicyBuildError("the C compiler '\(name)' is not on PATH (install gcc, or set CC)")
    }

    /// The host's side of a generated library: descriptor, policy table and entry around the
    /// program's `generate_hard_anomalies`.
    static func entrySource(_ identity: PolicyIdentity) -> String {
        """
        /* Generated by dashost: the plugin around a generated policy's generate_hard_anomalies. */
        #include "dashost_plugin.h"
        #include <stdlib.h>

        \(functionSignature);

        typedef struct { const dashost_host *host; } generated_policy;

        static dashost_status generated_create(const dashost_plugin_descriptor *plugin, const dashost_host *host, uint64_t seed,
                                               dashost_instance **out, dashost_error *err) {
            (void)plugin; (void)seed;
            generated_policy *instance = calloc(1, sizeof *instance);
            if (instance == NULL) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
            instance->host = host;
            *out = instance;
            return DASHOST_OK;
        }

        static void generated_destroy(dashost_instance *instance) { free(instance); }

        static dashost_status generated_generate(dashost_instance *instance, dashost_matrix X_train, dashost_score_callback scorer,
                                                 uint64_t n, uint64_t seed, double *out, dashost_error *err) {
            (void)seed; /* the host re-seeds the instance's random stream from it before this call */
            return generate_hard_anomalies(((generated_policy *)instance)->host, n, scorer, X_train, out, err);
        }

        static const dashost_policy_api generated_api = {
            sizeof(dashost_policy_api), generated_create, generated_destroy, generated_generate, NULL,
        };

        static const dashost_plugin_descriptor generated_descriptor = {
            sizeof(dashost_plugin_descriptor), DASHOST_KIND_POLICY, \(cString(identity.name)), "1.0.0",
            \(cString(identity.summary)),
            \(cString(identity.description)),
            NULL, NULL, 0, &generated_api,
        };

        static const dashost_plugin_descriptor *const generated_plugins[] = {&generated_descriptor};

        static const dashost_library_descriptor generated_library = {
            DASHOST_ABI_MAJOR, DASHOST_ABI_MINOR, sizeof(dashost_library_descriptor), 1, generated_plugins,
        };

        DASHOST_EXPORT const dashost_library_descriptor *dashost_library_entry(void) { return &generated_library; }

        """
    }

    /// `text` as a C string literal: printable ASCII kept, everything else as octal escapes.
    @_spi(Testing) public static func cString(_ text: String) -> String {
        var literal = "\""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): literal += "\\\""
            case UInt8(ascii: "\\"): literal += "\\\\"
            case UInt8(ascii: "?"): literal += "\\?" // no trigraphs
            case 0x20...0x7e: literal.append(Character(UnicodeScalar(byte)))
            default: literal += String(format: "\\%03o", byte)
            }
        }
        return literal + "\""
    }
}

/// A generated C program that did not build, with the compiler's messages.
public struct PolicyBuildError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
