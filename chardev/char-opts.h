/* char-opts.h: -chardev text and legacy specs ("unix:PATH,...") to validated QemuOpts. */
#ifndef QNET_CHARDEV_CHAR_OPTS_H
#define QNET_CHARDEV_CHAR_OPTS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"
#include "util/qemu-opts.h"

/*
 * QEMU keeps every -chardev in one QemuOptsList named "chardev" whose
 * implied key is "backend"; create it with chardev_opts_list_new().  Ids
 * are unique in that list ("Duplicate ID 'c' for chardev"), and QEMU
 * checks every key and value against one flat table shared by all
 * backends while parsing (so "null,id=n,path=x" is accepted).
 */
QemuOptsList *chardev_opts_list_new(void);

/*
 * Parses @text as QEMU's -chardev and chardev-add do and appends the
 * result to @list.  Deprecated short-form booleans ("server", "nowait")
 * are reported through @warn (may be NULL), in order, up to the first
 * error.  Errors: "Invalid parameter 'x'", "Parameter 'server' expects
 * 'on' or 'off'", "Parameter 'reconnect' expects a number", "Value '...'
 * is too large for parameter 'x'", "Parameter 'id' expects an
 * identifier", "Duplicate ID 'c' for chardev".
 *
 * A bare "help" or "?" element asks for the option list: the result is
 * then NULL without error and *@help (if @help is non-NULL) gets the text
 * QEMU prints (QEMU then exits with status 1).  Returns the QemuOpts
 * (owned by @list), or NULL.
 */
QemuOpts *chardev_opts_parse(QemuOptsList *list, const char *text,
                             QemuOptsWarnFunc *warn, void *opaque,
                             char **help, Error **errp);

/*
 * True when the backend is "help" or "?" ("-chardev help"): the caller
 * prints chardev_backends_help() and exits with status 0 instead of
 * creating the chardev (QEMU does this when it creates the chardevs).
 */
bool chardev_opts_wants_backend_help(const QemuOpts *opts);

/* "Available chardev backend types: \n  stdio\n..." for the backends qnet
 * has.  Caller frees. */
char *chardev_backends_help(void);

/*
 * Checks every entry of @opts against the chardev key table (for opts not
 * made by chardev_opts_parse()).  Same errors as chardev_opts_parse().
 */
bool chardev_opts_validate(const QemuOpts *opts, Error **errp);

/* The boolean value of @key (validated), or @def when absent. */
bool chardev_opt_bool(const QemuOpts *opts, const char *key, bool def);

/* The number value of @key (validated), or @def when absent. */
uint64_t chardev_opt_number(const QemuOpts *opts, const char *key,
                            uint64_t def);

/*
 * Turns a legacy spec (-serial, -monitor, guestfwd: "null", "stdio",
 * "file:PATH", "pipe:PATH", "unix:PATH[,opts]", "tcp:HOST:PORT[,opts]",
 * "telnet:...", "mon:SPEC", ...) into a QemuOpts with id @label in @list.
 * Options after the address are checked as for -chardev, without the
 * short-form warnings; an "id" there is ignored.  Failure returns NULL:
 * with @errp set for "'x' is not a valid char driver" and option errors,
 * unset where QEMU fails silently (a "tcp:" spec without HOST:PORT).
 * "chardev:ID" is not a spec: chardev_new_legacy() resolves it.
 */
QemuOpts *chardev_legacy_parse(QemuOptsList *list, const char *label,
                               const char *spec, Error **errp);

#endif
