/* filter-chr-out.c: frames written to a chardev in the filter framing, with a bounded backlog instead of blocking. */
#include "net/filter-chr-out.h"

#include <errno.h>
#include <string.h>

#include "net/context.h"
#include "net/filter-framing.h"
#include "net/filter-object.h"
#include "util/iov.h"

/* FrameFifo tags: whether the frame is to be sent with a vnet length. */
enum { PLAIN, VNET };

/* The vnet header length QEMU sends: the netdev's (0 without one). */
static uint32_t vnet_hdr_len(FilterChrOut *o)
{
    return 0;
}

static void report(FilterChrOut *o, int err)
{
    qnet_log(o->nf->ctx, QNET_LOG_ERROR, NULL, "%s send failed(%s)", o->who,
             g_strerror(err));
}

/* Returns 0, -EAGAIN (nothing written) or another negative errno. */
static ssize_t write_framed(FilterChrOut *o, bool vnet, const uint8_t *frame,
                            const struct iovec *iov, int iovcnt, size_t len)
{
    size_t hdr = filter_framing_header(o->scratch, vnet, vnet_hdr_len(o),
                                       (uint32_t)len);
    uint8_t *p = o->scratch + hdr;
    if (frame) {
        if (len) {
            memcpy(p, frame, len);
        }
    } else {
        iov_to_buf(iov, iovcnt, 0, p, len);
    }
    ssize_t ret = chardev_write_all(o->chr, o->scratch, hdr + len);
    return ret < 0 ? ret : 0;
}

static void backlog_push(FilterChrOut *o, bool vnet, const struct iovec *iov,
                         int iovcnt, size_t len)
{
    if (o->backlog_bytes + len > FILTER_CHR_OUT_BACKLOG_MAX) {
        o->dropped++;
        if (!o->warned) {
            o->warned = true;
            report(o, ENOBUFS);
        }
        return;
    }
    frame_fifo_push(&o->backlog, vnet ? VNET : PLAIN, 0, iov, iovcnt);
    o->backlog_bytes += len;
}

static void backlog_drain(void *opaque)
{
    FilterChrOut *o = opaque;
    FrameFifoEntry e;

    while (frame_fifo_peek(&o->backlog, &e)) {
        ssize_t ret = write_framed(o, e.tag == VNET, e.data, NULL, 0, e.len);
        if (ret == -EAGAIN) {
            return;
        }
        if (ret < 0) {
            o->dropped++;
            report(o, (int)-ret);
        } else {
            o->frames++;
        }
        o->backlog_bytes -= e.len;
        frame_fifo_pop(&o->backlog);
    }
    o->warned = false;
}

Chardev *filter_find_chardev(NetFilter *nf, const char *id)
{
    ChardevRegistry *reg = net_filter_chardevs(nf->ctx);
    return reg ? chardev_find(reg, id) : NULL;
}

static const ChardevHandlers out_handlers = {
    .writable = backlog_drain,
};

bool filter_chr_out_open(FilterChrOut *o, NetFilter *nf, const char *who,
                         Chardev *chr, Error **errp)
{
    memset(o, 0, sizeof(*o));
    o->nf = nf;
    o->who = who;
    frame_fifo_init(&o->backlog);
    if (!chardev_attach(chr, &out_handlers, o, errp)) {
        return false;
    }
    o->chr = chr;
    o->scratch = g_malloc(FILTER_FRAMING_MAX_HDR + NET_BUFSIZE);
    return true;
}

void filter_chr_out_send(FilterChrOut *o, bool vnet, const struct iovec *iov,
                         int iovcnt)
{
    size_t len = iov_size(iov, iovcnt);
    if (len > NET_BUFSIZE) {
        o->dropped++;
        return;
    }
    if (frame_fifo_length(&o->backlog)) {
        backlog_push(o, vnet, iov, iovcnt, len);
        return;
    }
    ssize_t ret = write_framed(o, vnet, NULL, iov, iovcnt, len);
    if (ret == -EAGAIN) {
        backlog_push(o, vnet, iov, iovcnt, len);
    } else if (ret < 0) {
        o->dropped++;
        report(o, (int)-ret);
    } else {
        o->frames++;
    }
}

void filter_chr_out_stats(const FilterChrOut *o, GString *out)
{
    g_string_append_printf(out, "frames=%" G_GUINT64_FORMAT ",backlog=%u,"
                           "dropped=%" G_GUINT64_FORMAT, o->frames,
                           frame_fifo_length(&o->backlog), o->dropped);
}

void filter_chr_out_close(FilterChrOut *o)
{
    if (o->chr) {
        /* What the chardev buffered still goes out; our backlog cannot. */
        backlog_drain(o);
        o->dropped += frame_fifo_length(&o->backlog);
        chardev_detach(o->chr);
        o->chr = NULL;
    }
    frame_fifo_clear(&o->backlog);
    o->backlog_bytes = 0;
    g_free(o->scratch);
    o->scratch = NULL;
}
