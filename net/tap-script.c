/* tap-script.c: running a tap's ifup/ifdown script (script=, downscript=) as QEMU does. */
#include "net/tap-script.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool tap_script_wanted(const char *script)
{
    return script && script[0] && strcmp(script, "no") != 0;
}

/* In the child between fork and exec: async-signal-safe calls only. */
static void G_GNUC_NORETURN exec_script(const char *script, const char *ifname)
{
    if (close_range(3, ~0U, 0) < 0) {
        for (int fd = 3; fd < 1024; fd++) {
            close(fd);
        }
    }
    char *argv[] = { (char *)script, (char *)ifname, NULL };
    execv(script, argv);
    /* QEMU reports a script it cannot execute as a failed one (status 256). */
    _exit(1);
}

bool tap_script_run(const char *script, const char *ifname, Error **errp)
{
    pid_t pid = fork();
    if (pid < 0) {
        error_setg_errno(errp, errno, "could not launch network script %s",
                         script);
        return false;
    }
    if (pid == 0) {
        exec_script(script, ifname);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            error_setg_errno(errp, errno, "could not launch network script %s",
                             script);
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return true;
    }
    error_setg(errp, "network script %s failed with status %d", script,
               status);
    return false;
}
