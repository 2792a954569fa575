/* The sandbox of an untrusted plugin's child process (see dashost_isolation.h).
 *
 * Enforcement is Landlock's (the kernel refuses writes outside the scratch folder and TCP, whatever
 * path or descriptor a plugin uses) plus seccomp's (no sockets, no new processes). seccomp also traps
 * the write-opening system calls so that a refusal can say which rule stopped it: the SIGSYS handler
 * records "open('/tmp/x') for writing: rule ..." and makes the call fail with EACCES; a write inside
 * the scratch folder is re-issued relative to the folder's descriptor, which the filter lets through
 * (and Landlock still confines).
 *
 * Errno mode (`refuse_with_errno`, for dashost-sandbox-exec, which execs an interpreter): no handler
 * (it would not survive execve); refused calls fail with EACCES / EPERM straight from the filter, and
 * writes are refused by Landlock alone. */
#define _GNU_SOURCE
#include "dashost_isolation.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* Landlock, declared here because Debian's kernel headers predate the rights used below. */
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_REMOVE_DIR (1ULL << 4)
#define LL_FS_REMOVE_FILE (1ULL << 5)
#define LL_FS_MAKE_CHAR (1ULL << 6)
#define LL_FS_MAKE_DIR (1ULL << 7)
#define LL_FS_MAKE_REG (1ULL << 8)
#define LL_FS_MAKE_SOCK (1ULL << 9)
#define LL_FS_MAKE_FIFO (1ULL << 10)
#define LL_FS_MAKE_BLOCK (1ULL << 11)
#define LL_FS_MAKE_SYM (1ULL << 12)
#define LL_FS_REFER (1ULL << 13)    /* ABI 2 */
#define LL_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#define LL_NET_BIND_TCP (1ULL << 0) /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define LL_SCOPE_SIGNAL (1ULL << 1)
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

struct ll_ruleset_attr { uint64_t handled_access_fs, handled_access_net, scoped; };
struct ll_path_beneath_attr { uint64_t allowed_access; int32_t parent_fd; } __attribute__((packed));

int dashost_landlock_abi(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
}

/* ---- refusals, recorded from the signal handler ---- */

static char refusals[8192];
static atomic_size_t refusals_used;
static char scratch_path[PATH_MAX];
static size_t scratch_length;
static int scratch_fd = -1;

static size_t text_append(char *out, size_t at, size_t size, const char *s) {
    while (*s && at + 1 < size) out[at++] = *s++;
    out[at < size ? at : size - 1] = 0;
    return at;
}

static size_t number_append(char *out, size_t at, size_t size, long value) {
    char digits[24];
    int n = 0;
    unsigned long v = value < 0 ? (unsigned long)(-value) : (unsigned long)value;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v && n < 23);
    if (value < 0 && at + 1 < size) out[at++] = '-';
    while (n > 0 && at + 1 < size) out[at++] = digits[--n];
    out[at < size ? at : size - 1] = 0;
    return at;
}

/* Records one refusal (async-signal-safe) and echoes it on standard error. */
static void record(const char *line) {
    size_t length = strlen(line);
    size_t at = atomic_fetch_add(&refusals_used, length + 1);
    if (at + length + 1 < sizeof refusals) {
        memcpy(refusals + at, line, length);
        refusals[at + length] = '\n';
    }
    static const char prefix[] = "dashost: sandbox refused ";
    ssize_t ignored = write(2, prefix, sizeof prefix - 1);
    ignored = write(2, line, length);
    ignored = write(2, "\n", 1);
    (void)ignored;
}

size_t dashost_sandbox_take_refusals(char *out, size_t size) {
    if (size == 0) return 0;
    size_t used = atomic_exchange(&refusals_used, 0);
    if (used > sizeof refusals) used = sizeof refusals;
    size_t n = used < size - 1 ? used : size - 1;
    memcpy(out, refusals, n);
    out[n] = 0;
    return n;
}

/* ---- path resolution for the trapped calls (lexical: Landlock has the last word anyway) ---- */

/* Writes the absolute, lexically normalised form of `path` (relative to `dirfd`) into `out`. */
static int resolve(int dirfd, const char *path, char *out, size_t size) {
    char joined[PATH_MAX * 2];
    size_t at = 0;
    if (path == NULL) return -1;
    if (path[0] != '/') {
        long n;
        if (dirfd == AT_FDCWD) {
            n = syscall(SYS_getcwd, joined, sizeof joined);
            if (n <= 0) return -1;
            at = strlen(joined);
        } else {
            char link[64];
            size_t k = text_append(link, 0, sizeof link, "/proc/self/fd/");
            number_append(link, k, sizeof link, dirfd);
            n = syscall(SYS_readlinkat, AT_FDCWD, link, joined, sizeof joined - 1);
            if (n <= 0) return -1;
            joined[n] = 0;
            at = (size_t)n;
        }
        at = text_append(joined, at, sizeof joined, "/");
    }
    text_append(joined, at, sizeof joined, path);
    /* Normalise ".", ".." and repeated slashes. */
    size_t o = 0;
    const char *p = joined;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *end = p;
        while (*end && *end != '/') end++;
        size_t len = (size_t)(end - p);
        if (len == 1 && p[0] == '.') {
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            if (o + len + 2 >= size) return -1;
            out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p = end;
    }
    if (o == 0) out[o++] = '/';
    out[o] = 0;
    return 0;
}

/* The part of absolute `path` below the scratch folder ("." for the folder itself), or NULL. */
static const char *below_scratch(const char *path) {
    if (strncmp(path, scratch_path, scratch_length) != 0) return NULL;
    if (path[scratch_length] == 0) return ".";
    if (path[scratch_length] == '/') return path + scratch_length + 1;
    return NULL;
}

static long raw(long result) { return result == -1 ? -errno : result; }

static const char *domain_name(long domain) {
    switch (domain) {
    case AF_UNIX: return "AF_UNIX";
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    case AF_NETLINK: return "AF_NETLINK";
    case AF_PACKET: return "AF_PACKET";
    default: return NULL;
    }
}

static void refuse_write(const char *call, const char *path) {
    char line[PATH_MAX + 256];
    size_t at = text_append(line, 0, sizeof line, call);
    at = text_append(line, at, sizeof line, "('");
    at = text_append(line, at, sizeof line, path);
    at = text_append(line, at, sizeof line, "'): rule 'no writes outside the scratch folder ");
    at = text_append(line, at, sizeof line, scratch_path);
    text_append(line, at, sizeof line, "'");
    record(line);
}

/* A trapped write-like call on `path` (relative to `dirfd`): re-issued below the scratch folder when
 * it lies there, refused otherwise. `reissue` gets the path relative to the scratch descriptor. */
#define WRITE_CALL(name, dirfd, path, reissue)                                          \
    do {                                                                                \
        char absolute[PATH_MAX];                                                        \
        const char *rel = NULL;                                                         \
        if (resolve((int)(dirfd), (const char *)(path), absolute, sizeof absolute) == 0) \
            rel = below_scratch(absolute);                                              \
        if (rel) { result = raw(reissue); }                                             \
        else { refuse_write(name, resolve((int)(dirfd), (const char *)(path), absolute, sizeof absolute) == 0 ? absolute : (const char *)(path)); result = -EACCES; } \
    } while (0)

static void on_sigsys(int signo, siginfo_t *info, void *context) {
    (void)signo;
    ucontext_t *uc = context;
#if defined(__x86_64__)
    greg_t *r = uc->uc_mcontext.gregs;
    long a0 = r[REG_RDI], a1 = r[REG_RSI], a2 = r[REG_RDX], a3 = r[REG_R10], a4 = r[REG_R8];
    int saved = errno;
    long result = -EACCES;
    char line[160];
    switch (info->si_syscall) {
    case SYS_socket: {
        size_t at = text_append(line, 0, sizeof line, "socket(");
        const char *name = domain_name(a0);
        at = name ? text_append(line, at, sizeof line, name) : number_append(line, text_append(line, at, sizeof line, "domain "), sizeof line, a0);
        text_append(line, at, sizeof line, "): rule 'no network' (the sandbox allows no sockets)");
        record(line);
        result = -EACCES;
        break;
    }
    case SYS_fork:
    case SYS_vfork:
    case SYS_clone:
        record("fork/clone of a new process: rule 'no new processes' (threads are allowed)");
        result = -EAGAIN;
        break;
    case SYS_open:
        WRITE_CALL("open", AT_FDCWD, a0, syscall(SYS_openat, scratch_fd, rel, a1, a2));
        break;
    case SYS_creat:
        WRITE_CALL("creat", AT_FDCWD, a0, syscall(SYS_openat, scratch_fd, rel, O_CREAT | O_WRONLY | O_TRUNC, a1));
        break;
    case SYS_openat:
        WRITE_CALL("open", a0, a1, syscall(SYS_openat, scratch_fd, rel, a2, a3));
        break;
    case SYS_mkdir:
        WRITE_CALL("mkdir", AT_FDCWD, a0, syscall(SYS_mkdirat, scratch_fd, rel, a1));
        break;
    case SYS_mkdirat:
        WRITE_CALL("mkdir", a0, a1, syscall(SYS_mkdirat, scratch_fd, rel, a2));
        break;
    case SYS_unlink:
        WRITE_CALL("unlink", AT_FDCWD, a0, syscall(SYS_unlinkat, scratch_fd, rel, 0));
        break;
    case SYS_rmdir:
        WRITE_CALL("rmdir", AT_FDCWD, a0, syscall(SYS_unlinkat, scratch_fd, rel, AT_REMOVEDIR));
        break;
    case SYS_unlinkat:
        WRITE_CALL("unlink", a0, a1, syscall(SYS_unlinkat, scratch_fd, rel, a2));
        break;
    case SYS_rename:
    case SYS_renameat:
    case SYS_renameat2: {
        long oldfd = info->si_syscall == SYS_rename ? AT_FDCWD : a0;
        long oldp = info->si_syscall == SYS_rename ? a0 : a1;
        long newfd = info->si_syscall == SYS_rename ? AT_FDCWD : a2;
        long newp = info->si_syscall == SYS_rename ? a1 : a3;
        long flags = info->si_syscall == SYS_renameat2 ? a4 : 0;
        char from[PATH_MAX], to[PATH_MAX];
        const char *relFrom = resolve((int)oldfd, (const char *)oldp, from, sizeof from) == 0 ? below_scratch(from) : NULL;
        const char *relTo = resolve((int)newfd, (const char *)newp, to, sizeof to) == 0 ? below_scratch(to) : NULL;
        if (relFrom && relTo) {
            result = raw(syscall(SYS_renameat2, scratch_fd, relFrom, scratch_fd, relTo, flags));
        } else {
            refuse_write("rename", relFrom ? to : from);
            result = -EACCES;
        }
        break;
    }
    default:
        /* link, symlink: no links at all, inside the scratch folder or out. */
        record("link/symlink: rule 'no links' (the sandbox allows no hard or symbolic links)");
        result = -EACCES;
        break;
    }
    r[REG_RAX] = result;
    errno = saved;
#else
    (void)info;
    (void)uc;
#endif
}

/* ---- entering ---- */

static int fail(char *err, size_t errlen, const char *what) {
    snprintf(err, errlen, "%s: %s", what, strerror(errno));
    return -1;
}

static int thread_count(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static int set_limit(int resource, uint64_t value) {
    if (value == 0) return 0;
    struct rlimit limit = {value, value};
    struct rlimit current;
    if (getrlimit(resource, &current) == 0 && current.rlim_max != RLIM_INFINITY && current.rlim_max < value) {
        limit.rlim_cur = limit.rlim_max = current.rlim_max;
    }
    return setrlimit(resource, &limit);
}

static int enter_landlock(char *err, size_t errlen) {
    int abi = dashost_landlock_abi();
    if (abi < 1) {
        snprintf(err, errlen, "the kernel offers no Landlock (needed to confine writes to the scratch folder); run the plugin with isolation \"process\" only if you trust it");
        return -1;
    }
    struct ll_ruleset_attr attr = {0};
    attr.handled_access_fs = LL_FS_WRITE_FILE | LL_FS_REMOVE_DIR | LL_FS_REMOVE_FILE | LL_FS_MAKE_CHAR | LL_FS_MAKE_DIR |
                             LL_FS_MAKE_REG | LL_FS_MAKE_SOCK | LL_FS_MAKE_FIFO | LL_FS_MAKE_BLOCK | LL_FS_MAKE_SYM;
    if (abi >= 2) attr.handled_access_fs |= LL_FS_REFER;
    if (abi >= 3) attr.handled_access_fs |= LL_FS_TRUNCATE;
    size_t size = sizeof(uint64_t);
    if (abi >= 4) { attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP; size = 2 * sizeof(uint64_t); }
    if (abi >= 6) { attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL; size = 3 * sizeof(uint64_t); }
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) return fail(err, errlen, "landlock_create_ruleset");
    struct ll_path_beneath_attr beneath = {attr.handled_access_fs, scratch_fd};
    if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &beneath, 0) != 0) {
        close(ruleset);
        return fail(err, errlen, "landlock_add_rule (scratch folder)");
    }
    int devnull = open("/dev/null", O_PATH | O_CLOEXEC);
    if (devnull >= 0) {
        struct ll_path_beneath_attr null_rule = {LL_FS_WRITE_FILE | (abi >= 3 ? LL_FS_TRUNCATE : 0), devnull};
        syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &null_rule, 0);
        close(devnull);
    }
    if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        close(ruleset);
        return fail(err, errlen, "landlock_restrict_self");
    }
    close(ruleset);
    return 0;
}

/* The rules both modes share: no sockets, no new processes (threads are allowed), no links.
 * `refuse` and `no_process` are the actions: SCMP_ACT_TRAP in trap mode (the SIGSYS handler records
 * the rule), an errno in errno mode. clone3 passes its flags in memory, out of a filter's reach:
 * "not implemented" makes glibc use clone; openat2 likewise hides its flags. */
static int add_shared_rules(scmp_filter_ctx ctx, uint32_t refuse, uint32_t no_process) {
    int rc = 0;
#define ADD(...) do { if (rc == 0) rc = seccomp_rule_add(ctx, __VA_ARGS__); } while (0)
    ADD(refuse, SCMP_SYS(socket), 0);
    ADD(no_process, SCMP_SYS(fork), 0);
    ADD(no_process, SCMP_SYS(vfork), 0);
    ADD(no_process, SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    ADD(SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    ADD(SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
    ADD(refuse, SCMP_SYS(link), 0);
    ADD(refuse, SCMP_SYS(symlink), 0);
    ADD(refuse, SCMP_SYS(linkat), 0);
    ADD(refuse, SCMP_SYS(symlinkat), 0);
#undef ADD
    return rc;
}

/* Trap mode's write rules: every write-opening or namespace-changing call outside the scratch folder
 * traps, so the handler can say which path and rule (Landlock refuses them too, without a reason). */
static int add_write_trap_rules(scmp_filter_ctx ctx) {
    int rc = 0;
    const uint32_t trap = SCMP_ACT_TRAP;
    const scmp_datum_t S = (scmp_datum_t)scratch_fd;
    const int writes[] = {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC};
#define ADD(...) do { if (rc == 0) rc = seccomp_rule_add(ctx, __VA_ARGS__); } while (0)
    for (unsigned i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        ADD(trap, SCMP_SYS(open), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, (scmp_datum_t)writes[i], (scmp_datum_t)writes[i]));
        ADD(trap, SCMP_SYS(openat), 2, SCMP_A0(SCMP_CMP_NE, S), SCMP_A2(SCMP_CMP_MASKED_EQ, (scmp_datum_t)writes[i], (scmp_datum_t)writes[i]));
    }
    ADD(trap, SCMP_SYS(creat), 0);
    ADD(trap, SCMP_SYS(mkdir), 0);
    ADD(trap, SCMP_SYS(rmdir), 0);
    ADD(trap, SCMP_SYS(unlink), 0);
    ADD(trap, SCMP_SYS(rename), 0);
    ADD(trap, SCMP_SYS(mkdirat), 1, SCMP_A0(SCMP_CMP_NE, S));
    ADD(trap, SCMP_SYS(unlinkat), 1, SCMP_A0(SCMP_CMP_NE, S));
    ADD(trap, SCMP_SYS(renameat), 1, SCMP_A0(SCMP_CMP_NE, S));
    ADD(trap, SCMP_SYS(renameat), 1, SCMP_A2(SCMP_CMP_NE, S));
    ADD(trap, SCMP_SYS(renameat2), 1, SCMP_A0(SCMP_CMP_NE, S));
    ADD(trap, SCMP_SYS(renameat2), 1, SCMP_A2(SCMP_CMP_NE, S));
#undef ADD
    return rc;
}

/* Errno mode (`refuse_with_errno`) is for a process about to execve a program: no handler survives
 * execve, so refused calls fail at once with an errno the program reports (Python: PermissionError
 * naming the call), and writes are Landlock's alone: it refuses every write outside the scratch folder
 * with EACCES, whatever the path or descriptor. */
static int enter_seccomp(int refuse_with_errno, char *err, size_t errlen) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) { snprintf(err, errlen, "seccomp_init failed"); return -1; }
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (refuse_with_errno) {
        if (rc == 0) rc = add_shared_rules(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_ACT_ERRNO(EPERM));
    } else {
        if (rc == 0) rc = add_shared_rules(ctx, SCMP_ACT_TRAP, SCMP_ACT_TRAP);
        if (rc == 0) rc = add_write_trap_rules(ctx);
    }
    if (rc == 0) rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc != 0) {
        snprintf(err, errlen, "installing the seccomp filter failed: %s", strerror(-rc));
        return -1;
    }
    return 0;
}

int dashost_sandbox_enter(const char *scratch, const struct dashost_sandbox_limits *limits, char *err, size_t errlen) {
    int threads = thread_count();
    if (threads > 1) {
        snprintf(err, errlen, "the sandbox must be entered before the process has a second thread (it has %d)", threads);
        return -1;
    }
    if (!realpath(scratch, scratch_path)) return fail(err, errlen, "the scratch folder");
    scratch_length = strlen(scratch_path);
    scratch_fd = open(scratch_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (scratch_fd < 0) return fail(err, errlen, "opening the scratch folder");
    if (chdir(scratch_path) != 0) return fail(err, errlen, "chdir to the scratch folder");
    if (set_limit(RLIMIT_AS, limits->address_space_bytes) != 0) return fail(err, errlen, "setrlimit(RLIMIT_AS)");
    if (set_limit(RLIMIT_CPU, limits->cpu_seconds) != 0) return fail(err, errlen, "setrlimit(RLIMIT_CPU)");
    if (set_limit(RLIMIT_NOFILE, limits->open_files) != 0) return fail(err, errlen, "setrlimit(RLIMIT_NOFILE)");
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail(err, errlen, "prctl(PR_SET_NO_NEW_PRIVS)");
    if (!limits->refuse_with_errno) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_sigsys;
        action.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        if (sigaction(SIGSYS, &action, NULL) != 0) return fail(err, errlen, "sigaction(SIGSYS)");
    }
    if (enter_landlock(err, errlen) != 0) return -1;
    return enter_seccomp(limits->refuse_with_errno != 0, err, errlen);
}
