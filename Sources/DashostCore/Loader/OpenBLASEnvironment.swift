import Foundation

/// Configures OpenBLAS through its environment before the first plugin that links it is loaded
/// (OpenBLAS reads these variables once, when the library is loaded, so the host sets them before any
/// `dlopen`; a value the user already set is left alone).
///
/// - `OPENBLAS_CORETYPE` from the CPU's feature flags. Why: OpenBLAS 0.3.21 (Debian 12) does not
///   recognise recent AVX-512 CPUs and falls back to its oldest ("Prescott") kernels, about 5x slower
///   for the distance and decomposition work of the neighbour, PCA and policy plugins (measured:
///   campaign's training neighbour query 4.7 s -> 0.94 s). Nothing is set on a CPU without AVX2.
/// - `OPENBLAS_NUM_THREADS=1`. Why: the plugins split their work over the cores themselves (blocks of
///   rows on Dispatch workers) and call BLAS on one block per worker; OpenBLAS's own threads then
///   oversubscribe the cores and spin in `sched_yield` (measured: the one-class SVM's kernel
///   expansion on shuttle, 23 s with 30 % of the time in `exec_blas_async` and `sched_yield`).
enum OpenBLASEnvironment {
    private static let once: Void = {
        if getenv("OPENBLAS_NUM_THREADS") == nil { setenv("OPENBLAS_NUM_THREADS", "1", 0) }
        guard getenv("OPENBLAS_CORETYPE") == nil, let type = coreType(cpuFlags: cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", type, 0)
    }()

    /// Sets the variables once per process (idempotent).
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
