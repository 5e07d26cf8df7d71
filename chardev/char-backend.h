/* char-backend.h: what a chardev backend implements and the core services it uses (internal). */
#ifndef QNET_CHARDEV_CHAR_BACKEND_H
#define QNET_CHARDEV_CHAR_BACKEND_H

#include "chardev/char.h"

typedef struct ChardevIO ChardevIO;

/*
 * A backend type.  Creation runs check() (QEMU's option conversion, whose
 * errors come before a logfile is opened), then open().
 */
typedef struct ChardevBackend {
    const char *name;
    /* Checks the options that make the backend's configuration. */
    bool (*check)(const QemuOpts *opts, Error **errp);
    /*
     * Opens the backend and sets chr->state; may call chardev_set_io()
     * and chardev_set_open().  @location labels log messages (may be NULL).
     */
    bool (*open)(Chardev *chr, const QemuOpts *opts, const char *location,
                 Error **errp);
    /* Frees chr->state and everything it holds (no events are sent). */
    void (*close)(Chardev *chr);
    /* QEMU's filename for `info chardev`; NULL: the backend name. */
    char *(*filename)(Chardev *chr);
    /*
     * The current stream failed: on the @input side, end of input (@err 0)
     * or a read error; otherwise a write error (@err an errno value).
     * NULL: input loss sends CLOSED to the front end, output loss drops
     * the pending output (as QEMU's fd chardevs do).
     */
    void (*stream_lost)(Chardev *chr, bool input, int err);
    /* Terminal echo (stdio only). */
    void (*set_echo)(Chardev *chr, bool echo);
} ChardevBackend;

/* One of QEMU 7.2's backend names; @backend NULL: qnet does not have it. */
typedef struct ChardevBackendEntry {
    const char *name;
    const ChardevBackend *backend;
    const char *alias_of;    /* deprecated alias ("tty" for "serial") */
} ChardevBackendEntry;

/* QEMU's backend names in its registration order, ending with {NULL}. */
extern const ChardevBackendEntry chardev_backend_table[];

extern const ChardevBackend chardev_socket_backend;
extern const ChardevBackend chardev_stdio_backend;
extern const ChardevBackend chardev_file_backend;
extern const ChardevBackend chardev_pipe_backend;
extern const ChardevBackend chardev_null_backend;

/* The table entry for @name, or NULL when QEMU has no such backend. */
const ChardevBackendEntry *chardev_backend_lookup(const char *name);

struct Chardev {
    ChardevRegistry *reg;
    char *id;
    const ChardevBackend *backend;
    void *state;                   /* the backend's */

    const ChardevHandlers *fe;     /* NULL: no front end */
    void *fe_opaque;

    bool open;                     /* QEMU's be_open */
    ChardevIO *io;                 /* current stream, NULL when none */
    size_t write_limit;
    bool want_writable;            /* a write got -EAGAIN */
    GSource *writable_src;         /* tells a waiting writer after a loss */
    int log_fd;                    /* logfile=, or -1 */
};

/* Reports a message through the registry's log. */
void chardev_log(Chardev *chr, QnetLogLevel level, const char *location,
                 const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* Attaches @source to the registry's main context; returns its id. */
guint chardev_attach_source(Chardev *chr, GSource *source);

/* The registry's main context (never NULL). */
GMainContext *chardev_main_context(Chardev *chr);

/*
 * Makes @io the chardev's stream (NULL: none).  The chardev does not own
 * it; the backend frees it after chardev_set_io(chr, NULL).
 */
void chardev_set_io(Chardev *chr, ChardevIO *io);

/*
 * Sets the open state and tells the front end (OPENED/CLOSED) when it
 * changes.  Call it last: the front end may remove the chardev.
 */
void chardev_set_open(Chardev *chr, bool open);

/* Whether stdio is taken in @chr's registry; stdio sets it. */
bool chardev_stdio_claim(Chardev *chr, bool claim);

/* How many bytes the front end takes now (0 without one). */
size_t chardev_fe_can_read(Chardev *chr);

/* Hands @buf to the front end. */
void chardev_fe_read(Chardev *chr, const uint8_t *buf, size_t len);

/* Drops the front end's pending notifications (the chardev is closing). */
void chardev_fe_release(Chardev *chr);

/* Called by the stream when its buffer drained to half the limit. */
void chardev_fe_drained(Chardev *chr);

/* Tells the backend its stream failed (see ChardevBackend.stream_lost). */
void chardev_stream_lost(Chardev *chr, bool input, int err);

/* Sends @event to the front end, if any. */
void chardev_fe_event(Chardev *chr, ChardevEvent event);

/*
 * Parses @text ("k=v,...") into @opts: @implied_key names a first value
 * without key; "id" elements are skipped; each key and value is checked
 * against the -chardev table, without short-form warnings or help.  Used
 * for the options after a legacy "unix:PATH," or "tcp:HOST:PORT,".
 */
bool chardev_opts_absorb(QemuOpts *opts, const char *text,
                         const char *implied_key, Error **errp);

#endif
