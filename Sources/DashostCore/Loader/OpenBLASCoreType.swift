import Foundation

/// Tells OpenBLAS which kernels to use before the first plugin that links it is loaded.
///
/// Why: OpenBLAS 0.3.21 (Debian 12) does not recognise recent AVX-512 CPUs and falls back to its
/// oldest ("Prescott") kernels, about 5x slower for the distance and decomposition work of the
/// neighbour, PCA and policy plugins (measured: campaign's training neighbour query 4.7 s -> 0.94 s).
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, when the library is loaded, so the host sets it from the
/// CPU's feature flags before any `dlopen`. A value the user already set is left alone, and nothing
/// is set on a CPU without AVX2 (OpenBLAS's own detection is then right or harmless).
enum OpenBLASCoreType {
    private static let once: Void = {
        guard getenv("OPENBLAS_CORETYPE") == nil, let type = coreType(cpuFlags: cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", type, 0)
    }()

    /// Sets the variable once per process (idempotent).
    static func configure() { _ = once }

    /// The kernel family for a set of `/proc/cpuinfo` flags, or nil to leave OpenBLAS alone.
    static func coreType(cpuFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The first processor's flags from /proc/cpuinfo (empty where unavailable).
    private static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
