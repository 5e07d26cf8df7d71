/* char-pipe.c: the pipe chardev: reads PATH.in and writes PATH.out, or reads and writes PATH. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "chardev/char-backend.h"
#include "chardev/char-io.h"

static bool pipe_check(const QemuOpts *opts, Error **errp)
{
    if (!qemu_opts_get(opts, "path")) {
        error_setg(errp, "chardev: pipe: no device path given");
        return false;
    }
    return true;
}

static int pipe_open_rw(const char *path)
{
    int fd;
    do {
        /* Read-write, so opening a FIFO does not wait for a peer. */
        fd = open(path, O_RDWR | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

static bool pipe_open(Chardev *chr, const QemuOpts *opts,
                      const char *location, Error **errp)
{
    const char *path = qemu_opts_get(opts, "path");
    g_autofree char *in_path = g_strdup_printf("%s.in", path);
    g_autofree char *out_path = g_strdup_printf("%s.out", path);
    int in = pipe_open_rw(in_path);
    int out = pipe_open_rw(out_path);

    if (in < 0 || out < 0) {
        if (in >= 0) {
            close(in);
        }
        if (out >= 0) {
            close(out);
        }
        in = out = pipe_open_rw(path);
        if (in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", path);
            return false;
        }
    }
    chr->state = chardev_io_new(chr, in, out, 0);
    chardev_set_io(chr, chr->state);
    chardev_set_open(chr, true);
    return true;
}

static void pipe_close(Chardev *chr)
{
    chardev_set_io(chr, NULL);
    chardev_io_free(chr->state);
    chr->state = NULL;
}

const ChardevBackend chardev_pipe_backend = {
    .name = "pipe",
    .check = pipe_check,
    .open = pipe_open,
    .close = pipe_close,
};
