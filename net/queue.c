/* queue.c: the frames waiting for one receiver, with QEMU's hold/flush contract. */
#include "net/queue.h"

#include <string.h>

#include "util/iov.h"

typedef struct NetPacket {
    GList link;          /* in NetQueue.packets or NetQueue.spare */
    NetClient *sender;
    unsigned flags;
    NetSentCb *sent_cb;
    size_t size;
    size_t capacity;     /* bytes of data[] */
    uint8_t data[];
} NetPacket;

/*
 * Frames wait when a receiver holds, usually a few at a time and again and
 * again while a socket drains: the buffers of delivered frames are kept
 * for the next ones, so waiting does not allocate once a queue has warmed
 * up.  Buffers hold at least PACKET_MIN_CAPACITY bytes (a full Ethernet
 * frame) so that any of them fits the common frames.
 */
#define SPARE_PACKETS 16
#define PACKET_MIN_CAPACITY 2048

struct NetQueue {
    NetQueueDeliverFunc *deliver;
    void *opaque;
    GQueue packets;
    GQueue spare;        /* delivered packets kept for reuse */
    bool delivering;
};

NetQueue *net_queue_new(NetQueueDeliverFunc *deliver, void *opaque)
{
    NetQueue *q = g_new0(NetQueue, 1);
    q->deliver = deliver;
    q->opaque = opaque;
    g_queue_init(&q->packets);
    g_queue_init(&q->spare);
    return q;
}

void net_queue_free(NetQueue *q)
{
    if (!q) {
        return;
    }
    net_queue_purge(q, NULL);
    GList *l;
    while ((l = g_queue_pop_head_link(&q->spare))) {
        g_free(l->data);
    }
    g_free(q);
}

unsigned net_queue_length(const NetQueue *q)
{
    return q->packets.length;
}

static NetPacket *packet_get(NetQueue *q, size_t size)
{
    GList *l = q->spare.head;
    if (l && ((NetPacket *)l->data)->capacity >= size) {
        g_queue_unlink(&q->spare, l);
        return l->data;
    }
    size_t capacity = MAX(size, PACKET_MIN_CAPACITY);
    NetPacket *p = g_malloc(sizeof(*p) + capacity);
    p->link = (GList){ .data = p };
    p->capacity = capacity;
    return p;
}

/* Keeps @p (already unlinked) for reuse, or frees it. */
static void packet_put(NetQueue *q, NetPacket *p)
{
    if (q->spare.length < SPARE_PACKETS &&
        p->capacity == PACKET_MIN_CAPACITY) {
        g_queue_push_head_link(&q->spare, &p->link);
    } else {
        g_free(p);
    }
}

/* The only place a frame is copied: when it has to wait. */
static void append(NetQueue *q, NetClient *sender, unsigned flags,
                   const struct iovec *iov, int iovcnt, NetSentCb *sent_cb)
{
    if (q->packets.length >= NET_QUEUE_MAXLEN && !sent_cb) {
        sender->stats.drop_queue_full++;
        return;
    }
    size_t size = iov_size(iov, iovcnt);
    NetPacket *p = packet_get(q, size);
    p->sender = sender;
    p->flags = flags;
    p->sent_cb = sent_cb;
    p->size = size;
    iov_to_buf(iov, iovcnt, 0, p->data, size);
    g_queue_push_tail_link(&q->packets, &p->link);
}

static ssize_t deliver(NetQueue *q, NetClient *sender, unsigned flags,
                       const struct iovec *iov, int iovcnt)
{
    q->delivering = true;
    ssize_t ret = q->deliver(sender, flags, iov, iovcnt, q->opaque);
    q->delivering = false;
    return ret;
}

ssize_t net_queue_send_iov(NetQueue *q, NetClient *sender, unsigned flags,
                           const struct iovec *iov, int iovcnt,
                           NetSentCb *sent_cb, bool can_deliver)
{
    /*
     * Older frames go first: a frame never overtakes the queue (QEMU 7.2
     * delivers straight past a non-empty queue and can reorder).
     */
    if (q->delivering || !can_deliver ||
        (q->packets.length && !net_queue_flush(q))) {
        append(q, sender, flags, iov, iovcnt, sent_cb);
        return 0;
    }
    ssize_t ret = deliver(q, sender, flags, iov, iovcnt);
    if (ret == 0) {
        append(q, sender, flags, iov, iovcnt, sent_cb);
        return 0;
    }
    net_queue_flush(q);
    return ret;
}

bool net_queue_flush(NetQueue *q)
{
    if (q->delivering) {
        return false;
    }
    GList *l;
    while ((l = g_queue_pop_head_link(&q->packets))) {
        NetPacket *p = l->data;
        struct iovec iov = { .iov_base = p->data, .iov_len = p->size };
        ssize_t ret = deliver(q, p->sender, p->flags, &iov, 1);
        if (ret == 0) {
            g_queue_push_head_link(&q->packets, l);
            return false;
        }
        if (p->sent_cb) {
            p->sent_cb(p->sender, ret);
        }
        packet_put(q, p);
    }
    return true;
}

void net_queue_purge(NetQueue *q, NetClient *sender)
{
    GList *l = q->packets.head;
    while (l) {
        GList *next = l->next;
        NetPacket *p = l->data;
        if (!sender || p->sender == sender) {
            g_queue_unlink(&q->packets, l);
            if (p->sent_cb) {
                p->sent_cb(p->sender, 0);
            }
            packet_put(q, p);
        }
        l = next;
    }
}
