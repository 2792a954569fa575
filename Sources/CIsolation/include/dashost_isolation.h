/* Process-level helpers of the dashost host's isolation layer: spawning a plugin server with exactly
 * the descriptors it needs, and the sandbox an untrusted plugin runs in (Landlock + seccomp +
 * resource limits). Host-internal; not part of the plugin ABI. */
#ifndef DASHOST_ISOLATION_H
#define DASHOST_ISOLATION_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Spawns `path` with `argv`/`envp`; the child's descriptors are exactly: 0 = /dev/null, 1 = the
 * parent's 2 (a plugin's prints never mix into the host's data output), 2 = the parent's 2, and
 * 3 + i = fds[i]. Every other descriptor is closed in the child. Returns the pid, or -errno. */
pid_t dashost_spawn(const char *path, char *const argv[], char *const envp[], const int *fds, int nfds);

/* A memfd (anonymous shared memory file) named `name`, without close-on-exec; -1 on failure. */
int dashost_memfd(const char *name);

/* pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not declare. 0, or -1 with errno. */
int dashost_pipe_cloexec(int fds[2]);

/* The path of the shared object (or executable) that contains `address` (dladdr), copied into `out`
 * (NUL-terminated); 0, or -1 when it is unknown or does not fit. */
int dashost_object_path(const void *address, char *out, size_t size);

/* Sets RLIMIT_AS to `address_space_bytes` and RLIMIT_CPU to `cpu_seconds` (0 leaves one unset). */
int dashost_set_limits(uint64_t address_space_bytes, uint64_t cpu_seconds);

/* The limits of a sandboxed child; 0 leaves a limit unset. */
struct dashost_sandbox_limits {
    uint64_t address_space_bytes; /* RLIMIT_AS */
    uint64_t cpu_seconds;         /* RLIMIT_CPU (SIGXCPU, then SIGKILL) */
    uint64_t open_files;          /* RLIMIT_NOFILE */
    /* 0: refused calls trap into a SIGSYS handler that records which rule refused them (the plugin
     * servers). Nonzero: for a process that execve's a program after entering (a handler does not
     * survive execve): refused calls fail with EACCES (sockets, links) or EPERM (new processes) without
     * a record, and writes outside the scratch folder are left to Landlock alone, which refuses them
     * with EACCES. */
    uint32_t refuse_with_errno;
};

/* Enters the sandbox, for the calling process, irreversibly: resource limits; no new privileges;
 * Landlock: no writes outside `scratch` (and /dev/null), no TCP bind/connect, no signals to or
 * abstract sockets of processes outside the sandbox; seccomp: no sockets, no new processes (threads
 * are allowed), and writes outside `scratch` refused with a recorded reason (unless
 * `limits->refuse_with_errno`: see the field). Everything survives execve. The working directory
 * becomes `scratch`. Must be called before the process has a second thread (Landlock binds the
 * calling thread and the threads it starts later). Returns 0, or -1 with a message in `err`. */
int dashost_sandbox_enter(const char *scratch, const struct dashost_sandbox_limits *limits, char *err, size_t errlen);

/* Copies the sandbox refusals recorded since the last call (one per line, e.g.
 * "socket(AF_INET): rule 'no network'") into `out` (NUL-terminated, truncated to `size`) and clears
 * them. Returns the number of bytes copied. */
size_t dashost_sandbox_take_refusals(char *out, size_t size);

/* The Landlock ABI version the kernel offers (0 when it has none). */
int dashost_landlock_abi(void);

#ifdef __cplusplus
}
#endif
#endif
