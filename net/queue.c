/* queue.c: the frames waiting for one receiver, with QEMU's hold/flush contract. */
#include "net/queue.h"

#include <string.h>

typedef struct NetPacket {
    NetClient *sender;
    unsigned flags;
    NetSentCb *sent_cb;
    size_t size;
    uint8_t data[];
} NetPacket;

struct NetQueue {
    NetQueueDeliverFunc *deliver;
    void *opaque;
    GQueue packets;
    bool delivering;
};

NetQueue *net_queue_new(NetQueueDeliverFunc *deliver, void *opaque)
{
    NetQueue *q = g_new0(NetQueue, 1);
    q->deliver = deliver;
    q->opaque = opaque;
    g_queue_init(&q->packets);
    return q;
}

void net_queue_free(NetQueue *q)
{
    if (!q) {
        return;
    }
    net_queue_purge(q, NULL);
    g_free(q);
}

unsigned net_queue_length(const NetQueue *q)
{
    return q->packets.length;
}

static size_t iov_total(const struct iovec *iov, int iovcnt)
{
    size_t total = 0;
    for (int i = 0; i < iovcnt; i++) {
        total += iov[i].iov_len;
    }
    return total;
}

/* The only place a frame is copied: when it has to wait. */
static void append(NetQueue *q, NetClient *sender, unsigned flags,
                   const struct iovec *iov, int iovcnt, NetSentCb *sent_cb)
{
    if (q->packets.length >= NET_QUEUE_MAXLEN && !sent_cb) {
        sender->stats.drop_queue_full++;
        return;
    }
    size_t size = iov_total(iov, iovcnt);
    NetPacket *p = g_malloc(sizeof(*p) + size);
    p->sender = sender;
    p->flags = flags;
    p->sent_cb = sent_cb;
    p->size = size;
    size_t off = 0;
    for (int i = 0; i < iovcnt; i++) {
        memcpy(p->data + off, iov[i].iov_base, iov[i].iov_len);
        off += iov[i].iov_len;
    }
    g_queue_push_tail(&q->packets, p);
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
    NetPacket *p;
    while ((p = g_queue_pop_head(&q->packets))) {
        struct iovec iov = { .iov_base = p->data, .iov_len = p->size };
        ssize_t ret = deliver(q, p->sender, p->flags, &iov, 1);
        if (ret == 0) {
            g_queue_push_head(&q->packets, p);
            return false;
        }
        if (p->sent_cb) {
            p->sent_cb(p->sender, ret);
        }
        g_free(p);
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
            g_queue_delete_link(&q->packets, l);
            if (p->sent_cb) {
                p->sent_cb(p->sender, 0);
            }
            g_free(p);
        }
        l = next;
    }
}
