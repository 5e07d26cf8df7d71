/* char-null.c: the null chardev: always open, discards output, never has input. */
#include "chardev/char-backend.h"

static bool null_check(const QemuOpts *opts, Error **errp)
{
    return true;
}

static bool null_open(Chardev *chr, const QemuOpts *opts,
                      const char *location, Error **errp)
{
    chardev_set_open(chr, true);
    return true;
}

static void null_close(Chardev *chr)
{
}

const ChardevBackend chardev_null_backend = {
    .name = "null",
    .check = null_check,
    .open = null_open,
    .close = null_close,
};
