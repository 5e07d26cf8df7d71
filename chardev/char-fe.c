/* char-fe.c: a chardev's front end: attaching, callbacks, events and writing. */
#include "chardev/char.h"

#include <errno.h>
#include <unistd.h>

#include "chardev/char-backend.h"
#include "chardev/char-io.h"
#include "util/source.h"

bool chardev_attach(Chardev *chr, const ChardevHandlers *handlers,
                    void *opaque, Error **errp)
{
    if (chr->fe) {
        error_setg(errp, "Device '%s' is in use", chr->id);
        return false;
    }
    chr->fe = handlers;
    chr->fe_opaque = opaque;
    chr->want_writable = false;
    if (chr->open) {
        chardev_fe_event(chr, CHARDEV_EVENT_OPENED);
    }
    return true;
}

void chardev_detach(Chardev *chr)
{
    chr->fe = NULL;
    chr->fe_opaque = NULL;
    chr->want_writable = false;
    source_clear(&chr->writable_src);
}

void chardev_fe_release(Chardev *chr)
{
    source_clear(&chr->writable_src);
}

bool chardev_has_frontend(const Chardev *chr)
{
    return chr->fe != NULL;
}

bool chardev_is_connected(const Chardev *chr)
{
    return chr->open;
}

void chardev_fe_event(Chardev *chr, ChardevEvent event)
{
    if (chr->fe && chr->fe->event) {
        chr->fe->event(chr->fe_opaque, event);
    }
}

size_t chardev_fe_can_read(Chardev *chr)
{
    return chr->fe && chr->fe->can_read ? chr->fe->can_read(chr->fe_opaque)
                                        : 0;
}

void chardev_fe_read(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (chr->fe && chr->fe->read) {
        chr->fe->read(chr->fe_opaque, buf, len);
    }
}

void chardev_fe_drained(Chardev *chr)
{
    if (!chr->want_writable) {
        return;
    }
    chr->want_writable = false;
    if (chr->fe && chr->fe->writable) {
        chr->fe->writable(chr->fe_opaque);
    }
}

void chardev_set_io(Chardev *chr, ChardevIO *io)
{
    chr->io = io;
}

static gboolean writable_due(gpointer opaque)
{
    Chardev *chr = opaque;
    source_clear(&chr->writable_src);
    chardev_fe_drained(chr);
    return G_SOURCE_REMOVE;
}

void chardev_set_open(Chardev *chr, bool open)
{
    if (chr->open == open) {
        return;
    }
    chr->open = open;
    if (!open && chr->want_writable && !chr->writable_src) {
        /*
         * The buffer a writer waited on is gone: from now on writes are
         * dropped, so let it go on.  From the loop, after CLOSED, because
         * the front end may remove the chardev in its event callback.
         */
        chr->writable_src = g_idle_source_new();
        g_source_set_callback(chr->writable_src, writable_due, chr, NULL);
        chardev_attach_source(chr, chr->writable_src);
    }
    chardev_fe_event(chr, open ? CHARDEV_EVENT_OPENED : CHARDEV_EVENT_CLOSED);
}

void chardev_stream_lost(Chardev *chr, bool input, int err)
{
    if (chr->backend->stream_lost) {
        chr->backend->stream_lost(chr, input, err);
    } else if (input) {
        chardev_fe_event(chr, CHARDEV_EVENT_CLOSED);
    }
}

/* QEMU's logfile= gets a copy of what the front end wrote. */
static void log_write(Chardev *chr, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(chr->log_fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

ssize_t chardev_write_all(Chardev *chr, const void *buf, size_t len)
{
    ssize_t ret = (ssize_t)len;

    if (chr->open && chr->io) {
        ret = chardev_io_write(chr->io, buf, len, chr->write_limit);
    }
    if (ret == -EAGAIN) {
        chr->want_writable = true;
    } else if (ret > 0 && chr->log_fd >= 0) {
        log_write(chr, buf, len);
    }
    return ret;
}

size_t chardev_write_pending(const Chardev *chr)
{
    return chr->io ? chardev_io_pending(chr->io) : 0;
}

void chardev_set_write_limit(Chardev *chr, size_t limit)
{
    chr->write_limit = limit;
}

bool chardev_get_fds(const Chardev *chr, int *in_fd, int *out_fd)
{
    int in = chr->io ? chardev_io_in_fd(chr->io) : -1;
    int out = chr->io ? chardev_io_out_fd(chr->io) : -1;
    if (in_fd) {
        *in_fd = in;
    }
    if (out_fd) {
        *out_fd = out;
    }
    return in >= 0 || out >= 0;
}

void chardev_set_echo(Chardev *chr, bool echo)
{
    if (chr->backend->set_echo) {
        chr->backend->set_echo(chr, echo);
    }
}
