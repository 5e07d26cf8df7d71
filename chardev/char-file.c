/* char-file.c: the file chardev: output written to path= (truncated, or appended with append=on). */
#include <errno.h>
#include <fcntl.h>

#include "chardev/char-backend.h"
#include "chardev/char-io.h"
#include "chardev/char-opts.h"

static bool file_check(const QemuOpts *opts, Error **errp)
{
    if (!qemu_opts_get(opts, "path")) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    return true;
}

static bool file_open(Chardev *chr, const QemuOpts *opts,
                      const char *location, Error **errp)
{
    const char *path = qemu_opts_get(opts, "path");
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC |
                (chardev_opt_bool(opts, "append", false) ? O_APPEND : O_TRUNC);
    int fd = open(path, flags, 0666);

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
        return false;
    }
    chr->state = chardev_io_new(chr, -1, fd, 0);
    chardev_set_io(chr, chr->state);
    chardev_set_open(chr, true);
    return true;
}

static void file_close(Chardev *chr)
{
    chardev_set_io(chr, NULL);
    chardev_io_free(chr->state);
    chr->state = NULL;
}

const ChardevBackend chardev_file_backend = {
    .name = "file",
    .check = file_check,
    .open = file_open,
    .close = file_close,
};
