import CIsolation
import Foundation

/// The sandbox an untrusted plugin's child process enters before any of the plugin's code is
/// loaded (`dashost_sandbox_enter` in Sources/CIsolation): no network (no sockets; Landlock refuses
/// TCP), no writes outside a fresh scratch folder, no new processes (threads are fine), no signals
/// to processes outside it, and limits on CPU time, address space and open files. Descriptors are
/// not inherited (the spawn closes all but the server's own). A refused call fails with EACCES and
/// is reported with the rule that refused it.
public enum Sandbox {
    /// Open files a sandboxed plugin may hold (RLIMIT_NOFILE).
    public static let openFiles: UInt64 = 256
    /// CPU seconds when the node sets none (RLIMIT_CPU): a policy or detector that spins is ended.
    public static let defaultCPUSeconds = 3600
    /// Address space in MiB when the node sets none: half of this machine's memory.
    public static var defaultMemoryLimitMB: Int { Int(ProcessInfo.processInfo.physicalMemory >> 21) }
    /// The server's exit status when it could not enter the sandbox.
    static let setupFailedStatus: Int32 = 71

    /// Whether this kernel can confine writes (Landlock), which the sandbox needs.
    public static var isAvailable: Bool { dashost_landlock_abi() >= 1 }

    /// Enters the sandbox in this process with `scratch` as its only writable folder (nil: entered;
    /// else why not). Limits of 0 fall back to the defaults.
    static func enter(scratch: String, memoryBytes: UInt64 = 0, cpuSeconds: UInt64 = 0, openFiles: UInt64 = Sandbox.openFiles) -> String? {
        var limits = dashost_sandbox_limits(address_space_bytes: memoryBytes > 0 ? memoryBytes : UInt64(defaultMemoryLimitMB) << 20,
                                            cpu_seconds: cpuSeconds > 0 ? cpuSeconds : UInt64(defaultCPUSeconds), open_files: openFiles,
                                            refuse_with_errno: 0)  // trap mode: refusals recorded with their rule
        var err = [CChar](repeating: 0, count: 512)
        return dashost_sandbox_enter(scratch, &limits, &err, err.count) == 0 ? nil : String(cString: err)
    }

    /// The rules, for messages and docs.
    public static let rules = "no network, no writes outside its scratch folder, no new processes, CPU-time, memory and open-file limits"
}
