/* tap-helper.c: getting a tap from a bridge helper program (QEMU's helper protocol). */
#include "net/tap-helper.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/tap-linux.h"
#include "util/fd-pass.h"

/* The helper's argv, built before fork (the child may not allocate). */
typedef struct HelperArgv {
    char fd_arg[32];
    char *br_arg;
    char *command;          /* the sh -c string, or NULL */
    char *argv[5];
} HelperArgv;

static bool helper_is_command(const char *helper)
{
    return strchr(helper, ' ') || strchr(helper, '\t');
}

static void helper_argv_build(HelperArgv *a, const char *helper,
                              const char *bridge, int fd)
{
    snprintf(a->fd_arg, sizeof(a->fd_arg), "--fd=%d", fd);
    a->br_arg = g_strdup_printf("--br=%s", bridge);
    a->command = NULL;
    if (helper_is_command(helper)) {
        /* A command that names its bridge itself keeps it. */
        bool has_br = strstr(helper, "--br=") != NULL;
        a->command = g_strdup_printf("%s --use-vnet %s %s", helper, a->fd_arg,
                                     has_br ? "" : a->br_arg);
        a->argv[0] = (char *)"sh";
        a->argv[1] = (char *)"-c";
        a->argv[2] = a->command;
        a->argv[3] = NULL;
    } else {
        a->argv[0] = (char *)helper;
        a->argv[1] = (char *)"--use-vnet";
        a->argv[2] = a->fd_arg;
        a->argv[3] = a->br_arg;
        a->argv[4] = NULL;
    }
}

static void helper_argv_clear(HelperArgv *a)
{
    g_free(a->br_arg);
    g_free(a->command);
}

/* In the child between fork and exec: async-signal-safe calls only. */
static void G_GNUC_NORETURN exec_helper(const HelperArgv *a, int keep_fd)
{
    unsigned keep = (unsigned)keep_fd;
    if (keep > 3) {
        close_range(3, keep - 1, 0);
    }
    close_range(keep >= 3 ? keep + 1 : 3, ~0U, 0);
    if (a->command) {
        execv("/bin/sh", a->argv);
    } else {
        execv(a->argv[0], a->argv);
    }
    _exit(1);
}

static int wait_child(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return status;
}

int tap_helper_run(const char *helper, const char *bridge, Error **errp)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        error_setg_errno(errp, errno, "socketpair() failed");
        return -1;
    }
    HelperArgv a;
    memset(&a, 0, sizeof(a));
    helper_argv_build(&a, helper, bridge, sv[1]);
    pid_t pid = fork();
    if (pid == 0) {
        /* The helper's end must survive exec: drop its close-on-exec flag. */
        int flags = fcntl(sv[1], F_GETFD);
        fcntl(sv[1], F_SETFD, flags & ~FD_CLOEXEC);
        exec_helper(&a, sv[1]);
    }
    int saved_errno = errno;
    helper_argv_clear(&a);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        error_setg_errno(errp, saved_errno, "Can't fork bridge helper");
        return -1;
    }
    int fd = fd_pass_receive(sv[0]);
    saved_errno = errno;
    close(sv[0]);
    int status = wait_child(pid);
    if (fd == -1) {
        error_setg_errno(errp, saved_errno, "failed to recv file descriptor");
        return -1;
    }
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        fd < 0) {
        if (fd >= 0) {
            close(fd);
        }
        error_setg(errp, "bridge helper failed");
        return -1;
    }
    return fd;
}

int tap_helper_open(const char *helper, const char *bridge, bool *vnet_hdr,
                    Error **errp)
{
    int fd = tap_helper_run(helper, bridge, errp);
    if (fd < 0) {
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "Failed to set FD nonblocking");
        close(fd);
        return -1;
    }
    int vnet = tap_linux_probe_vnet_hdr(fd, errp);
    if (vnet < 0) {
        close(fd);
        return -1;
    }
    *vnet_hdr = vnet;
    return fd;
}
