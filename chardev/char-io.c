/* char-io.c: a chardev's byte stream: a GSource polling its fds, reads gated by can_read, buffered writes. */
#include "chardev/char-io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* QEMU reads at most this much per wakeup (its CHR_READ_BUF_LEN). */
#define CHARDEV_READ_CHUNK 4096

typedef struct ChardevIOSource {
    GSource base;
    ChardevIO *io;            /* NULL once the stream is freed */
    gpointer in_tag;          /* the input fd (or the one fd) */
    gpointer out_tag;         /* the output fd when it differs */
    GIOCondition in_events;   /* what the tags poll for now */
    GIOCondition out_events;
} ChardevIOSource;

struct ChardevIO {
    Chardev *chr;
    int in_fd;
    int out_fd;
    unsigned flags;
    GByteArray *out;          /* pending output starts at out_head */
    size_t out_head;
    bool in_eof;              /* input ended: stop reading */
    int failed;               /* errno of a write error not yet reported */
    ChardevIOSource *src;
};

size_t chardev_io_pending(const ChardevIO *io)
{
    return io->out->len - io->out_head;
}

int chardev_io_in_fd(const ChardevIO *io)
{
    return io->in_fd;
}

int chardev_io_out_fd(const ChardevIO *io)
{
    return io->out_fd;
}

/* The events each fd should be polled for now. */
static void io_wanted(ChardevIO *io, GIOCondition *in, GIOCondition *out)
{
    *in = 0;
    *out = 0;
    if (io->in_fd >= 0 && !io->in_eof && chardev_fe_can_read(io->chr) > 0) {
        *in = G_IO_IN | G_IO_HUP | G_IO_ERR;
    }
    if (io->out_fd >= 0 && chardev_io_pending(io) > 0) {
        *out = G_IO_OUT | G_IO_ERR;
    }
    if (io->in_fd == io->out_fd) {
        *in |= *out;
        *out = 0;
    }
}

/* Polls @fd for @events through *@tag; no tag while nothing is wanted, so
 * a hung-up fd nobody reads cannot make the loop spin. */
static void tag_update(GSource *src, gpointer *tag, GIOCondition *cur,
                       int fd, GIOCondition want)
{
    if (want == *cur) {
        return;
    }
    if (!want) {
        g_source_remove_unix_fd(src, *tag);
        *tag = NULL;
    } else if (!*tag) {
        *tag = g_source_add_unix_fd(src, fd, want);
    } else {
        g_source_modify_unix_fd(src, *tag, want);
    }
    *cur = want;
}

static bool io_needs_update(ChardevIOSource *src)
{
    GIOCondition in, out;
    io_wanted(src->io, &in, &out);
    return in != src->in_events || out != src->out_events;
}

static void io_update(ChardevIOSource *src)
{
    ChardevIO *io = src->io;
    GIOCondition in, out;
    io_wanted(io, &in, &out);
    tag_update(&src->base, &src->in_tag, &src->in_events,
               io->in_fd >= 0 ? io->in_fd : io->out_fd, in);
    tag_update(&src->base, &src->out_tag, &src->out_events, io->out_fd, out);
}

static gboolean io_prepare(GSource *base, gint *timeout)
{
    ChardevIOSource *src = (ChardevIOSource *)base;
    *timeout = -1;
    /* Re-asking can_read every iteration is how QEMU gates its reads. */
    return src->io && (src->io->failed || io_needs_update(src));
}

static GIOCondition tag_revents(GSource *base, gpointer tag)
{
    return tag ? g_source_query_unix_fd(base, tag) : 0;
}

static gboolean io_check(GSource *base)
{
    ChardevIOSource *src = (ChardevIOSource *)base;
    return tag_revents(base, src->in_tag) || tag_revents(base, src->out_tag);
}

/* Writes what the fd takes now; returns 0 or -errno. */
static int fd_write_some(ChardevIO *io, const uint8_t *buf, size_t len,
                         size_t *done)
{
    *done = 0;
    while (*done < len) {
        size_t chunk = len - *done;
        ssize_t n;
        if (io->flags & CHARDEV_IO_BORROWED) {
            struct pollfd pfd = { .fd = io->out_fd, .events = POLLOUT };
            if (poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLOUT)) {
                return 0;
            }
            chunk = MIN(chunk, (size_t)PIPE_BUF);
        }
        if (io->flags & CHARDEV_IO_SOCKET) {
            n = send(io->out_fd, buf + *done, chunk, MSG_NOSIGNAL);
        } else {
            n = write(io->out_fd, buf + *done, chunk);
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
        }
        *done += (size_t)n;
    }
    return 0;
}

static void out_consume(ChardevIO *io, size_t n)
{
    io->out_head += n;
    if (io->out_head == io->out->len) {
        g_byte_array_set_size(io->out, 0);
        io->out_head = 0;
    } else if (io->out_head > io->out->len / 2) {
        g_byte_array_remove_range(io->out, 0, io->out_head);
        io->out_head = 0;
    }
}

static void out_drop(ChardevIO *io)
{
    g_byte_array_set_size(io->out, 0);
    io->out_head = 0;
}

static int io_flush(ChardevIO *io)
{
    size_t done;
    int ret = fd_write_some(io, io->out->data + io->out_head,
                            chardev_io_pending(io), &done);
    out_consume(io, done);
    return ret;
}

static void io_read(ChardevIO *io)
{
    uint8_t buf[CHARDEV_READ_CHUNK];
    size_t want = MIN(chardev_fe_can_read(io->chr), sizeof(buf));
    ssize_t n;

    if (!want) {
        return;
    }
    do {
        n = read(io->in_fd, buf, want);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        chardev_fe_read(io->chr, buf, (size_t)n);
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        io->in_eof = true;
        chardev_stream_lost(io->chr, true, n == 0 ? 0 : errno);
    }
}

/* Flushes on writability; false when the stream is gone. */
static bool io_dispatch_out(ChardevIOSource *src, GIOCondition rev)
{
    ChardevIO *io = src->io;
    if (!(rev & (G_IO_OUT | G_IO_ERR | G_IO_HUP)) || !chardev_io_pending(io)) {
        return true;
    }
    int ret = io_flush(io);
    if (ret < 0) {
        out_drop(io);
        chardev_stream_lost(io->chr, false, -ret);
        if (!src->io) {
            return false;
        }
    }
    if (chardev_io_pending(io) <= io->chr->write_limit / 2) {
        chardev_fe_drained(io->chr);
    }
    return src->io != NULL;
}

static gboolean io_dispatch(GSource *base, GSourceFunc cb, gpointer data)
{
    ChardevIOSource *src = (ChardevIOSource *)base;
    ChardevIO *io = src->io;
    if (!io) {
        return G_SOURCE_REMOVE;
    }
    GIOCondition rin = tag_revents(base, src->in_tag);
    GIOCondition rout = tag_revents(base, src->out_tag);
    bool reading = src->in_events & G_IO_IN;

    if (io->failed) {
        int err = io->failed;
        io->failed = 0;
        chardev_stream_lost(io->chr, false, err);
        return G_SOURCE_CONTINUE;
    }
    io_update(src);
    if (!io_dispatch_out(src, io->in_fd == io->out_fd ? rin : rout)) {
        return G_SOURCE_CONTINUE;
    }
    if (reading && (rin & (G_IO_IN | G_IO_HUP | G_IO_ERR))) {
        io_read(io);
    }
    return G_SOURCE_CONTINUE;
}

/* Never written; not const only because g_source_new() takes it so. */
static GSourceFuncs io_source_funcs = {
    .prepare = io_prepare,
    .check = io_check,
    .dispatch = io_dispatch,
};

static void fd_set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) {
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    }
}

ChardevIO *chardev_io_new(Chardev *chr, int in_fd, int out_fd,
                          unsigned flags)
{
    ChardevIO *io = g_new0(ChardevIO, 1);
    io->chr = chr;
    io->in_fd = in_fd;
    io->out_fd = out_fd;
    io->flags = flags;
    io->out = g_byte_array_new();
    if (!(flags & CHARDEV_IO_BORROWED)) {
        for (int i = 0; i < 2; i++) {
            int fd = i ? out_fd : in_fd;
            if (fd >= 0) {
                fd_set_nonblocking(fd);
            }
        }
    }
    io->src = (ChardevIOSource *)g_source_new(&io_source_funcs,
                                              sizeof(ChardevIOSource));
    io->src->io = io;
    g_source_set_name(&io->src->base, "chardev-io");
    chardev_attach_source(chr, &io->src->base);
    return io;
}

void chardev_io_free(ChardevIO *io)
{
    if (!io) {
        return;
    }
    io->src->io = NULL;
    g_source_destroy(&io->src->base);
    g_source_unref(&io->src->base);
    if (!(io->flags & CHARDEV_IO_BORROWED)) {
        if (io->in_fd >= 0) {
            close(io->in_fd);
        }
        if (io->out_fd >= 0 && io->out_fd != io->in_fd) {
            close(io->out_fd);
        }
    }
    g_byte_array_unref(io->out);
    g_free(io);
}

ssize_t chardev_io_write(ChardevIO *io, const void *buf, size_t len,
                         size_t limit)
{
    size_t pending = chardev_io_pending(io);
    size_t done = 0;

    if (io->failed) {
        return -io->failed;
    }
    if (io->out_fd < 0) {
        return (ssize_t)len;
    }
    if (pending && pending + len > limit) {
        return -EAGAIN;
    }
    if (!pending) {
        int ret = fd_write_some(io, buf, len, &done);
        if (ret < 0) {
            /* Reported to the backend from the loop, not inside a write. */
            io->failed = -ret;
            return ret;
        }
    }
    g_byte_array_append(io->out, (const guint8 *)buf + done,
                        (guint)(len - done));
    return (ssize_t)len;
}
