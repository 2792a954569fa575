/* Small process helpers the Swift side cannot reach through Glibc's module (see dashost_isolation.h). */
#define _GNU_SOURCE
#include "dashost_isolation.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

int dashost_memfd(const char *name) { return memfd_create(name, 0); }

int dashost_set_limits(uint64_t address_space_bytes, uint64_t cpu_seconds) {
    if (address_space_bytes) {
        struct rlimit l = {address_space_bytes, address_space_bytes};
        if (setrlimit(RLIMIT_AS, &l) != 0) return -1;
    }
    if (cpu_seconds) {
        struct rlimit l = {cpu_seconds, cpu_seconds};
        if (setrlimit(RLIMIT_CPU, &l) != 0) return -1;
    }
    return 0;
}

int dashost_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int dashost_object_path(const void *address, char *out, size_t size) {
    Dl_info info;
    if (dladdr(address, &info) == 0 || info.dli_fname == NULL) return -1;
    size_t length = strlen(info.dli_fname);
    if (length + 1 > size) return -1;
    memcpy(out, info.dli_fname, length + 1);
    return 0;
}
