/* dashost-sandbox-exec: runs a program inside the dashost sandbox (errno mode).
 *
 *   dashost-sandbox-exec [--output-fd N] SCRATCH MEMORY_BYTES CPU_SECONDS -- PROGRAM ARGS...
 *
 * Enters the sandbox of Sources/CIsolation/sandbox.c (Landlock: no writes outside SCRATCH, no TCP;
 * seccomp: no sockets, no new processes; RLIMIT_AS = MEMORY_BYTES, RLIMIT_CPU = CPU_SECONDS, at most
 * 256 open files; SCRATCH becomes the working folder) with `refuse_with_errno` set, so refused calls
 * fail with EACCES / EPERM in the program instead of trapping into a handler that execve would drop;
 * then execve's PROGRAM (an absolute path) with ARGS and this process's environment.
 *
 * Why a separate executable: the sandbox must be entered by a single-threaded process, and a
 * multi-threaded host may not call libseccomp between fork and exec. The host spawns this program
 * (posix_spawn: fork-safe) and it does the rest.
 *
 * --output-fd N: descriptors 1 and 2 become N (and N is closed) before anything else, so every
 * message of this program and of PROGRAM reaches the host through one pipe.
 *
 * The process dies with SIGKILL when the thread that spawned it exits (PR_SET_PDEATHSIG), so a host
 * that dies leaves no program running. Exit status 127 with a message on stderr when the sandbox
 * cannot be entered or PROGRAM cannot be run. */
#define _GNU_SOURCE
#include "dashost_isolation.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

static int usage(void) {
    fprintf(stderr, "usage: dashost-sandbox-exec [--output-fd N] SCRATCH MEMORY_BYTES CPU_SECONDS -- PROGRAM ARGS...\n");
    return 2;
}

static int number(const char *text, unsigned long long *out) {
    char *end = NULL;
    errno = 0;
    *out = strtoull(text, &end, 10);
    return errno == 0 && end != text && *end == 0 && text[0] != '-';
}

int main(int argc, char **argv) {
    int at = 1;
    if (at + 1 < argc && strcmp(argv[at], "--output-fd") == 0) {
        unsigned long long fd;
        if (!number(argv[at + 1], &fd) || fd < 3 || fd > 1024) return usage();
        if (dup2((int)fd, 1) < 0 || dup2((int)fd, 2) < 0) return 127;
        close((int)fd);
        at += 2;
    }
    if (argc - at < 5 || strcmp(argv[at + 3], "--") != 0) return usage();
    unsigned long long memory, cpu;
    if (!number(argv[at + 1], &memory) || !number(argv[at + 2], &cpu)) return usage();
    const char *scratch = argv[at];
    char **program = argv + at + 4;
    if (program[0][0] != '/') {
        fprintf(stderr, "dashost-sandbox-exec: PROGRAM must be an absolute path, got '%s'\n", program[0]);
        return 127;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    struct dashost_sandbox_limits limits = {0};
    limits.address_space_bytes = memory;
    limits.cpu_seconds = cpu;
    limits.open_files = 256;
    limits.refuse_with_errno = 1;
    char err[512] = {0};
    if (dashost_sandbox_enter(scratch, &limits, err, sizeof err) != 0) {
        fprintf(stderr, "dashost-sandbox-exec: cannot enter the sandbox: %s\n", err);
        return 127;
    }
    execve(program[0], program, environ);
    fprintf(stderr, "dashost-sandbox-exec: cannot run '%s': %s\n", program[0], strerror(errno));
    return 127;
}
