/* Spawning a plugin server with exactly the descriptors it needs (see dashost_isolation.h). */
#define _GNU_SOURCE
#include "dashost_isolation.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>

pid_t dashost_spawn(const char *path, char *const argv[], char *const envp[], const int *fds, int nfds) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    if (posix_spawn_file_actions_init(&actions) != 0) return -ENOMEM;
    if (posix_spawnattr_init(&attributes) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return -ENOMEM;
    }
    int rc = 0;
    /* Two steps, so that no source descriptor is overwritten before it is moved: up out of the way,
     * then down to 3, 4, ... */
    enum { parked = 900 };
    for (int i = 0; i < nfds && rc == 0; i++) rc = posix_spawn_file_actions_adddup2(&actions, fds[i], parked + i);
    for (int i = 0; i < nfds && rc == 0; i++) rc = posix_spawn_file_actions_adddup2(&actions, parked + i, 3 + i);
    if (rc == 0) rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0) rc = posix_spawn_file_actions_adddup2(&actions, 2, 1);
    /* Nothing else the host holds open (data files, outputs being staged, other children's sockets)
     * reaches the child. */
    if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&actions, 3 + nfds);
    /* Its own process group: a terminal's Ctrl-C reaches the host, which stops its children itself.
     * Default signal dispositions and an empty mask, whatever the host had blocked or caught. */
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    if (rc == 0) rc = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (rc == 0) rc = posix_spawnattr_setpgroup(&attributes, 0);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attributes, &none);
    if (rc == 0) rc = posix_spawnattr_setsigdefault(&attributes, &all);
    pid_t pid = -1;
    if (rc == 0) rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return rc == 0 ? pid : -rc;
}
