/* filter-redirector.c: filter-redirector: frames go to a chardev instead of on; frames from a chardev join the path. */
#include <stddef.h>

#include "net/context.h"
#include "net/filter-chr-out.h"
#include "net/filter-types.h"
#include "net/frame-reader.h"
#include "util/iov.h"

typedef struct FilterRedirector {
    NetFilter nf;
    char *indev;
    char *outdev;
    bool vnet_hdr_support;
    Chardev *in;
    FrameReader reader;
    bool in_stopped;           /* an oversized length: input ignored */
    FilterChrOut out;
    uint64_t injected;
    uint64_t dropped_in;       /* read, but no receiver on that side */
} FilterRedirector;

static const NetFilterProp redirector_props[] = {
    { "vnet_hdr_support", "bool", NET_FILTER_PROP_BOOL,
      offsetof(FilterRedirector, vnet_hdr_support), NULL },
    { "indev", "string", NET_FILTER_PROP_STR,
      offsetof(FilterRedirector, indev), NULL },
    { "outdev", "string", NET_FILTER_PROP_STR,
      offsetof(FilterRedirector, outdev), NULL },
    { NULL },
};

/* Directions a frame from indev is injected in (QEMU: TX first). */
static bool injects(NetFilter *nf, NetFilterDirection dir)
{
    return nf->direction == NET_FILTER_DIRECTION_ALL || nf->direction == dir;
}

static const NetFilterDirection both_dirs[] = {
    NET_FILTER_DIRECTION_TX, NET_FILTER_DIRECTION_RX,
};

/*
 * Reads only while every side it injects into can take a frame, so a slow
 * receiver makes the chardev stop reading (the kernel and the writer
 * hold the rest) instead of frames piling up in a queue.
 */
static size_t in_can_read(void *opaque)
{
    FilterRedirector *r = opaque;
    NetFilter *nf = &r->nf;

    if (r->in_stopped) {
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(both_dirs); i++) {
        NetClient *sender = net_filter_sender(nf, both_dirs[i]);
        if (injects(nf, both_dirs[i]) && sender && sender->peer &&
            !net_filter_receiver_ready(nf, both_dirs[i])) {
            return 0;
        }
    }
    return NET_BUFSIZE;
}

static void inject(FilterRedirector *r, const uint8_t *frame, size_t len)
{
    NetFilter *nf = &r->nf;
    struct iovec iov = { .iov_base = (void *)frame, .iov_len = len };

    for (size_t i = 0; i < G_N_ELEMENTS(both_dirs); i++) {
        if (!injects(nf, both_dirs[i])) {
            continue;
        }
        NetClient *sender = net_filter_sender(nf, both_dirs[i]);
        if (!sender || !sender->peer) {
            r->dropped_in++;
            continue;
        }
        net_filter_pass_to_next(nf, sender, 0, &iov, 1);
        r->injected++;
    }
}

static void in_read(void *opaque, const uint8_t *buf, size_t len)
{
    FilterRedirector *r = opaque;

    while (len && !r->in_stopped) {
        const uint8_t *frame = NULL;
        size_t used = 0, frame_len = 0;
        FrameReaderStatus st = frame_reader_next(&r->reader, buf, len, &used,
                                                 &frame, &frame_len);
        buf += used;
        len -= used;
        if (st == FRAME_READER_FRAME) {
            inject(r, frame, frame_len);
        } else if (st == FRAME_READER_OVERSIZE) {
            /* QEMU detaches silently; say why the input stops. */
            r->in_stopped = true;
            qnet_log(r->nf.ctx, QNET_LOG_WARNING, NULL,
                     "filter redirector %s: frame length %u from '%s' is "
                     "above %u, input stopped until it reconnects",
                     r->nf.id, r->reader.frame_len, r->indev, NET_BUFSIZE);
        }
    }
}

/* A new connection on indev starts at a frame boundary. */
static void in_event(void *opaque, ChardevEvent event)
{
    FilterRedirector *r = opaque;
    frame_reader_reset(&r->reader);
    r->in_stopped = false;
}

static const ChardevHandlers in_handlers = {
    .can_read = in_can_read,
    .read = in_read,
    .event = in_event,
};

static bool open_in(FilterRedirector *r, Error **errp)
{
    Chardev *chr = filter_find_chardev(&r->nf, r->indev);
    if (!chr) {
        error_setg(errp, "IN Device '%s' not found", r->indev);
        return false;
    }
    frame_reader_init_filter(&r->reader, NET_BUFSIZE, r->vnet_hdr_support);
    if (!chardev_attach(chr, &in_handlers, r, errp)) {
        return false;
    }
    r->in = chr;
    return true;
}

static bool redirector_setup(NetFilter *nf, Error **errp)
{
    FilterRedirector *r = NET_FILTER_UPCAST(FilterRedirector, nf);

    if (!r->indev && !r->outdev) {
        error_setg(errp, "filter redirector needs 'indev' or 'outdev' at "
                   "least one property set");
        return false;
    }
    if (r->indev && r->outdev && g_str_equal(r->indev, r->outdev)) {
        error_setg(errp, "'indev' and 'outdev' could not be same for filter "
                   "redirector");
        return false;
    }
    if (r->indev && !open_in(r, errp)) {
        return false;
    }
    if (!r->outdev) {
        return true;
    }
    Chardev *chr = filter_find_chardev(nf, r->outdev);
    if (!chr) {
        error_setg(errp, "OUT Device '%s' not found", r->outdev);
        return false;
    }
    return filter_chr_out_open(&r->out, nf, "filter redirector", chr, errp);
}

static ssize_t redirector_receive_iov(NetFilter *nf, NetClient *sender,
                                      unsigned flags, const struct iovec *iov,
                                      int iovcnt, NetSentCb *sent_cb)
{
    FilterRedirector *r = NET_FILTER_UPCAST(FilterRedirector, nf);

    /* Without outdev frames pass; with it they are taken, as in QEMU. */
    if (!r->out.chr) {
        return 0;
    }
    filter_chr_out_send(&r->out, r->vnet_hdr_support, iov, iovcnt);
    return (ssize_t)iov_size(iov, iovcnt);
}

static void redirector_cleanup(NetFilter *nf)
{
    FilterRedirector *r = NET_FILTER_UPCAST(FilterRedirector, nf);

    if (r->in) {
        chardev_detach(r->in);
        r->in = NULL;
    }
    frame_reader_destroy(&r->reader);
    filter_chr_out_close(&r->out);
}

static void redirector_stats(NetFilter *nf, GString *out)
{
    FilterRedirector *r = NET_FILTER_UPCAST(FilterRedirector, nf);
    g_string_append_printf(out, "injected=%" G_GUINT64_FORMAT
                           ",dropped_in=%" G_GUINT64_FORMAT ",",
                           r->injected, r->dropped_in);
    filter_chr_out_stats(&r->out, out);
}

const NetFilterOps net_filter_redirector_ops = {
    .type = "filter-redirector",
    .size = sizeof(FilterRedirector),
    .props = redirector_props,
    .setup = redirector_setup,
    .receive_iov = redirector_receive_iov,
    .stats = redirector_stats,
    .cleanup = redirector_cleanup,
};
