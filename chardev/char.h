/* char.h: character devices (chardevs): the registry, front ends and byte I/O. */
#ifndef QNET_CHARDEV_CHAR_H
#define QNET_CHARDEV_CHAR_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "qnet/qnet.h"
#include "util/error.h"
#include "util/qemu-opts.h"

/*
 * A Chardev is a named byte stream (QEMU's -chardev): a socket, stdio, a
 * file, a pipe or null.  Every chardev belongs to a ChardevRegistry, which
 * owns it until chardev_remove() or chardev_registry_free().  Users of a
 * chardev (the monitor, filter-mirror/redirector, guestfwd) attach as its
 * one "front end" and get callbacks from the registry's GMainContext.
 *
 * Nothing here blocks, except two things QEMU also does at creation time:
 * a socket server with wait=on accepts its first client before the
 * creating call returns, and a socket client without reconnect= connects
 * before it returns (instant for unix and loopback peers).
 */
typedef struct Chardev Chardev;
typedef struct ChardevRegistry ChardevRegistry;

typedef enum ChardevEvent {
    CHARDEV_EVENT_OPENED,   /* the stream is usable (a client connected) */
    CHARDEV_EVENT_CLOSED,   /* the peer went away, or input reached EOF */
} ChardevEvent;

/*
 * Front-end callbacks; any may be NULL.  @can_read returns how many bytes
 * the front end takes now (0: none, so the chardev stops reading and the
 * kernel buffers hold the rest); @read then gets at most that many.
 * @writable runs once after chardev_write_all() refused data with -EAGAIN,
 * when the output buffer has drained to half its limit or less.
 * Callbacks may detach, write, or remove the chardev.
 */
typedef struct ChardevHandlers {
    size_t (*can_read)(void *opaque);
    void (*read)(void *opaque, const uint8_t *buf, size_t len);
    void (*event)(void *opaque, ChardevEvent event);
    void (*writable)(void *opaque);
} ChardevHandlers;

/* Default bound on a chardev's output buffer (see chardev_write_all()). */
#define CHARDEV_DEFAULT_WRITE_LIMIT ((size_t)1024 * 1024)

/*
 * Creates an empty registry whose sources attach to @main_context (NULL:
 * the thread-default context at the time of the call).  Free with
 * chardev_registry_free().
 */
ChardevRegistry *chardev_registry_new(GMainContext *main_context);

/*
 * Sets where the chardevs report messages QEMU prints (the wait=on notice,
 * reconnect failures).  NULL drops them.
 */
void chardev_registry_set_log(ChardevRegistry *reg, QnetLogFunc *log,
                              void *opaque);

/* Closes and frees every chardev, then the registry (NULL is ignored). */
void chardev_registry_free(ChardevRegistry *reg);

/*
 * Creates a chardev from options produced by chardev_opts_parse() or
 * chardev_legacy_parse() (see char-opts.h); @opts stays the caller's.
 * @location ("-chardev socket,...") labels log messages and may be NULL.
 * Errors are QEMU's: "chardev: no id specified", "'x' is not a valid char
 * driver name", "Failed to connect to '/p': ...", ...  Returns the new
 * chardev (owned by @reg), or NULL with @errp set.
 */
Chardev *chardev_new_from_opts(ChardevRegistry *reg, QemuOpts *opts,
                               const char *location, Error **errp);

/*
 * Opens a legacy spec as -serial, -monitor and guestfwd take it ("stdio",
 * "unix:PATH,server=on", "tcp:HOST:PORT", "file:PATH", "pipe:PATH",
 * "null") under the id @label, or returns the existing chardev for
 * "chardev:ID".  On failure returns NULL; @errp is then set when QEMU
 * prints a chardev error, and left unset where QEMU fails silently (an
 * unparsable "tcp:" spec, an unknown "chardev:ID"), so the caller adds
 * only its own message ("Could not open guest forwarding device ...").
 */
Chardev *chardev_new_legacy(ChardevRegistry *reg, const char *label,
                            const char *spec, const char *location,
                            Error **errp);

/* The chardev called @id, or NULL. */
Chardev *chardev_find(ChardevRegistry *reg, const char *id);

/*
 * Closes and frees chardev @id, as QMP chardev-remove: "Chardev 'x' not
 * found", "Chardev 'x' is busy" (a front end is attached).
 */
bool chardev_remove(ChardevRegistry *reg, const char *id, Error **errp);

/* The chardevs in the order QEMU's query-chardev lists them (caller frees
 * the array, not the chardevs). */
GPtrArray *chardev_list(ChardevRegistry *reg);

/*
 * Appends HMP `info chardev`: one "ID: filename=FILENAME\n" line per
 * chardev, in QEMU's order.
 */
void chardev_info(ChardevRegistry *reg, GString *out);

/* The id. */
const char *chardev_id(const Chardev *chr);

/* The backend name: "socket", "stdio", "file", "pipe" or "null". */
const char *chardev_backend_name(const Chardev *chr);

/*
 * QEMU's filename for @chr, as in `info chardev` and query-chardev:
 * "disconnected:unix:/p,server=on", "tcp:127.0.0.1:4444 <-> 127.0.0.1:5000",
 * "file", ...  Caller frees.
 */
char *chardev_filename(Chardev *chr);

/*
 * Attaches the front end: @handlers (copied by pointer, must outlive the
 * attachment) with @opaque.  A chardev has at most one front end: "Device
 * 'x' is in use".  If the chardev is already open, @handlers->event gets
 * CHARDEV_EVENT_OPENED before this returns (as QEMU does).
 */
bool chardev_attach(Chardev *chr, const ChardevHandlers *handlers,
                    void *opaque, Error **errp);

/* Detaches the front end (no event is sent); no-op without one. */
void chardev_detach(Chardev *chr);

/* True while a front end is attached (query-chardev's frontend-open). */
bool chardev_has_frontend(const Chardev *chr);

/*
 * True when bytes written go somewhere: a socket with a connected peer;
 * always for stdio, file, pipe and null.
 */
bool chardev_is_connected(const Chardev *chr);

/*
 * Writes all of @buf or none of it, without blocking.  What the fd does
 * not take at once is kept in the chardev's output buffer and sent when
 * the fd becomes writable.  Policy:
 *   - not connected (a socket without peer): the bytes are dropped and
 *     @len is returned, as QEMU does;
 *   - the buffer holds data and @len more would exceed the write limit:
 *     nothing is written, -EAGAIN is returned and @writable is called
 *     once the buffer has drained to half the limit or the peer is gone
 *     (so a message is never cut, and memory stays below limit + one
 *     message);
 *   - a write error (peer gone): -errno (e.g. -EPIPE); a socket then
 *     disconnects from the main loop.
 * Returns @len, or a negative errno.
 */
ssize_t chardev_write_all(Chardev *chr, const void *buf, size_t len);

/* Bytes waiting in the output buffer. */
size_t chardev_write_pending(const Chardev *chr);

/* Sets the output buffer bound (default CHARDEV_DEFAULT_WRITE_LIMIT). */
void chardev_set_write_limit(Chardev *chr, size_t limit);

/*
 * The fds currently behind @chr, for users that need raw fds (-1 where
 * there is none: a socket without peer, a file's input, null).  The fds
 * stay owned by the chardev.  Returns true if at least one is valid.
 */
bool chardev_get_fds(const Chardev *chr, int *in_fd, int *out_fd);

/* Turns terminal echo on or off (stdio on a tty only; others ignore it). */
void chardev_set_echo(Chardev *chr, bool echo);

#endif
