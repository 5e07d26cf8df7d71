/* char-backends.c: the table of QEMU 7.2's chardev backend names and the ones qnet implements. */
#include "chardev/char-backend.h"

#include <string.h>

/*
 * In the order "-chardev help" lists them, then the loadable modules and
 * the deprecated aliases.  A NULL backend is one QEMU has and qnet does
 * not: asking for it is an error of its own, not "not a valid char driver".
 */
const ChardevBackendEntry chardev_backend_table[] = {
    { "stdio", &chardev_stdio_backend, NULL },
    { "ringbuf", NULL, NULL },
    { "mux", NULL, NULL },
    { "pipe", &chardev_pipe_backend, NULL },
    { "qemu-vdagent", NULL, NULL },
    { "null", &chardev_null_backend, NULL },
    { "msmouse", NULL, NULL },
    { "socket", &chardev_socket_backend, NULL },
    { "vc", NULL, NULL },
    { "parallel", NULL, NULL },
    { "udp", NULL, NULL },
    { "memory", NULL, NULL },
    { "file", &chardev_file_backend, NULL },
    { "serial", NULL, NULL },
    { "wctablet", NULL, NULL },
    { "pty", NULL, NULL },
    { "testdev", NULL, NULL },
    { "braille", NULL, NULL },
    { "spicevmc", NULL, NULL },
    { "spiceport", NULL, NULL },
    { "dbus", NULL, NULL },
    { "tty", NULL, "serial" },
    { "parport", NULL, "parallel" },
    { NULL, NULL, NULL },
};

const ChardevBackendEntry *chardev_backend_lookup(const char *name)
{
    for (const ChardevBackendEntry *e = chardev_backend_table; e->name; e++) {
        if (strcmp(e->name, name) == 0) {
            return e;
        }
    }
    return NULL;
}
