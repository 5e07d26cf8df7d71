/* filter-buffer.c: filter-buffer: holds every frame that passes and releases them every interval. */
#include <stddef.h>

#include "net/context.h"
#include "net/filter-fifo.h"
#include "net/filter-types.h"
#include "util/iov.h"
#include "util/source.h"

typedef struct FilterBuffer {
    NetFilter nf;
    uint32_t interval;          /* microseconds */
    FrameFifo held;
    FrameFifo late;             /* frames that arrive while releasing */
    bool releasing;
    GSource *timer;
    uint64_t released;
    uint64_t dropped;           /* released with nobody to receive them */
} FilterBuffer;

/*
 * When the receiver holds (its queue is not draining), the rest waits and
 * is tried again after this long, or after the interval if shorter.
 */
#define BUFFER_RETRY_US 1000

static bool check_interval(NetFilter *nf, const NetFilterValue *v,
                           Error **errp)
{
    if (!v->u32) {
        error_setg(errp, "Property '%s.interval' requires a positive value",
                   nf->ops->type);
        return false;
    }
    return true;
}

static const NetFilterProp buffer_props[] = {
    { "interval", "uint32", NET_FILTER_PROP_UINT32,
      offsetof(FilterBuffer, interval), check_interval },
    { NULL },
};

static void buffer_init(NetFilter *nf)
{
    FilterBuffer *b = NET_FILTER_UPCAST(FilterBuffer, nf);
    frame_fifo_init(&b->held);
    frame_fifo_init(&b->late);
}

static void arm(FilterBuffer *b, uint32_t delay_us)
{
    g_source_set_ready_time(b->timer, g_get_monotonic_time() + delay_us);
}

/* Passes one held frame on; false when it had to stay held. */
static bool release_one(FilterBuffer *b, const FrameFifoEntry *e, bool force)
{
    NetFilter *nf = &b->nf;
    NetFilterDirection dir = e->tag;
    NetClient *sender = net_filter_sender(nf, dir);

    if (!force && sender && sender->peer &&
        !net_filter_receiver_ready(nf, dir)) {
        return false;
    }
    if (!sender || !sender->peer) {
        b->dropped++;
        return true;
    }
    struct iovec iov = { .iov_base = (void *)e->data, .iov_len = e->len };
    net_filter_pass_to_next(nf, sender, e->flags, &iov, 1);
    b->released++;
    return true;
}

/*
 * Releases held frames in order.  Without @force it stops at the first
 * frame whose receiver is holding, so nothing is queued where a full
 * queue would drop it; with @force (status off, deletion) everything goes.
 * Returns true when nothing is left.
 */
static bool buffer_release(FilterBuffer *b, bool force)
{
    FrameFifoEntry e;

    b->releasing = true;
    while (frame_fifo_peek(&b->held, &e) && release_one(b, &e, force)) {
        frame_fifo_pop(&b->held);
    }
    b->releasing = false;
    frame_fifo_append(&b->held, &b->late);
    return !frame_fifo_length(&b->held);
}

static gboolean timer_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    FilterBuffer *b = *(FilterBuffer **)(source + 1);
    bool empty = buffer_release(b, false);
    arm(b, empty ? b->interval : MIN(b->interval, BUFFER_RETRY_US));
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_funcs = {
    .dispatch = timer_dispatch,
};

static bool buffer_setup(NetFilter *nf, Error **errp)
{
    FilterBuffer *b = NET_FILTER_UPCAST(FilterBuffer, nf);

    if (!b->interval) {
        error_setg(errp, "Parameter 'interval' expects a non-zero interval");
        return false;
    }
    b->timer = g_source_new(&timer_funcs,
                            sizeof(GSource) + sizeof(FilterBuffer *));
    *(FilterBuffer **)(b->timer + 1) = b;
    g_source_set_name(b->timer, "filter-buffer release");
    if (nf->on) {
        arm(b, b->interval);
    }
    qnet_attach_source(nf->ctx, b->timer);
    return true;
}

static ssize_t buffer_receive_iov(NetFilter *nf, NetClient *sender,
                                  unsigned flags, const struct iovec *iov,
                                  int iovcnt, NetSentCb *sent_cb)
{
    FilterBuffer *b = NET_FILTER_UPCAST(FilterBuffer, nf);
    NetFilterDirection dir = sender == nf->netdev ? NET_FILTER_DIRECTION_TX
                                                  : NET_FILTER_DIRECTION_RX;
    size_t size = iov_size(iov, iovcnt);

    /* A frame sent while releasing (a reply) must not move held ones. */
    frame_fifo_push(b->releasing ? &b->late : &b->held, dir, flags, iov,
                    iovcnt);
    /* Consumed: the sender counts it as sent, as in QEMU. */
    return (ssize_t)size;
}

static void buffer_status_changed(NetFilter *nf)
{
    FilterBuffer *b = NET_FILTER_UPCAST(FilterBuffer, nf);

    if (nf->on) {
        arm(b, b->interval);
    } else {
        g_source_set_ready_time(b->timer, -1);
        buffer_release(b, true);
    }
}

static void buffer_cleanup(NetFilter *nf)
{
    FilterBuffer *b = NET_FILTER_UPCAST(FilterBuffer, nf);

    if (b->timer) {
        source_clear(&b->timer);
        /* Off first, so frames sent in reply to released ones pass by. */
        nf->on = false;
        buffer_release(b, true);
    }
    frame_fifo_clear(&b->held);
    frame_fifo_clear(&b->late);
}

static void buffer_stats(NetFilter *nf, GString *out)
{
    FilterBuffer *b = NET_FILTER_UPCAST(FilterBuffer, nf);
    g_string_append_printf(out, "held=%u,released=%" G_GUINT64_FORMAT
                           ",dropped=%" G_GUINT64_FORMAT,
                           frame_fifo_length(&b->held) +
                           frame_fifo_length(&b->late),
                           b->released, b->dropped);
}

const NetFilterOps net_filter_buffer_ops = {
    .type = "filter-buffer",
    .size = sizeof(FilterBuffer),
    .props = buffer_props,
    .init = buffer_init,
    .setup = buffer_setup,
    .receive_iov = buffer_receive_iov,
    .status_changed = buffer_status_changed,
    .stats = buffer_stats,
    .cleanup = buffer_cleanup,
};
