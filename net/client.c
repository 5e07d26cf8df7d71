/* client.c: net clients, their peers, and the send path through filters and queues. */
#include "net/client.h"

#include <errno.h>
#include <string.h>

#include "net/context.h"
#include "net/filter.h"
#include "net/hub.h"
#include "net/queue.h"
#include "util/iov.h"

/* "<model>.<n>", n counting the existing clients of the same model. */
static char *automatic_name(QnetContext *ctx, const char *model)
{
    unsigned n = 0;
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *other = l->data;
        if (strcmp(other->model, model) == 0) {
            n++;
        }
    }
    return g_strdup_printf("%s.%u", model, n);
}

/* The receiver side of a queue: what QEMU calls delivering a packet. */
static ssize_t deliver_to_client(NetClient *sender, unsigned flags,
                                 const struct iovec *iov, int iovcnt,
                                 void *opaque)
{
    NetClient *receiver = opaque;
    size_t size = iov_size(iov, iovcnt);

    if (receiver->link_down) {
        receiver->stats.drop_link_down++;
        return (ssize_t)size;
    }
    if (receiver->receive_disabled) {
        return 0;
    }
    ssize_t ret = receiver->info->receive_iov(receiver, iov, iovcnt, flags);
    if (ret == 0) {
        receiver->receive_disabled = true;
    } else {
        receiver->stats.rx_frames++;
        receiver->stats.rx_bytes += size;
    }
    return ret;
}

NetClient *net_client_new(QnetContext *ctx, const NetClientInfo *info,
                          NetClient *peer, const char *model,
                          const char *name)
{
    g_assert(info->size >= sizeof(NetClient));
    NetClient *nc = g_malloc0(info->size);
    nc->info = info;
    nc->ctx = ctx;
    nc->model = g_strdup(model);
    nc->name = name ? g_strdup(name) : automatic_name(ctx, model);
    nc->info_str = g_string_new(NULL);
    nc->incoming_queue = net_queue_new(deliver_to_client, nc);
    g_queue_init(&nc->filters);
    nc->link.data = nc;
    g_queue_push_tail_link(&ctx->clients, &nc->link);
    if (peer) {
        net_client_set_peer(nc, peer);
    }
    return nc;
}

void net_client_set_peer(NetClient *a, NetClient *b)
{
    g_assert(!a->peer && !b->peer);
    a->peer = b;
    b->peer = a;
}

void net_client_set_info_str(NetClient *nc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_vprintf(nc->info_str, fmt, ap);
    va_end(ap);
}

static bool receiver_ready(NetClient *receiver)
{
    if (receiver->receive_disabled) {
        return false;
    }
    return !receiver->info->can_receive ||
           receiver->info->can_receive(receiver);
}

bool net_client_can_send(NetClient *sender)
{
    return !sender->peer || receiver_ready(sender->peer);
}

ssize_t net_client_queue_to(NetClient *sender, NetClient *receiver,
                            unsigned flags, const struct iovec *iov,
                            int iovcnt, NetSentCb *sent_cb)
{
    return net_queue_send_iov(receiver->incoming_queue, sender, flags, iov,
                              iovcnt, sent_cb, receiver_ready(receiver));
}

ssize_t net_client_send_iov(NetClient *sender, unsigned flags,
                            const struct iovec *iov, int iovcnt,
                            NetSentCb *sent_cb)
{
    size_t size = iov_size(iov, iovcnt);
    NetClient *peer = sender->peer;

    if (sender->link_down) {
        sender->stats.drop_link_down++;
        return (ssize_t)size;
    }
    if (!peer) {
        sender->stats.drop_no_peer++;
        return (ssize_t)size;
    }
    if (size > NET_BUFSIZE) {
        sender->stats.drop_oversize++;
        return (ssize_t)size;
    }
    if (size == 0) {
        /* Nothing to carry, and a 0 from a receiver would mean "hold". */
        sender->stats.drop_empty++;
        return -EINVAL;
    }
    sender->stats.tx_frames++;
    sender->stats.tx_bytes += size;

    ssize_t ret = net_filter_chain_run(sender, NET_FILTER_DIRECTION_TX,
                                       sender, flags, iov, iovcnt, sent_cb);
    if (ret) {
        return ret;
    }
    ret = net_filter_chain_run(peer, NET_FILTER_DIRECTION_RX, sender, flags,
                               iov, iovcnt, sent_cb);
    if (ret) {
        return ret;
    }
    return net_client_queue_to(sender, peer, flags, iov, iovcnt, sent_cb);
}

ssize_t net_client_send(NetClient *sender, const void *buf, size_t size,
                        NetSentCb *sent_cb)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = size };
    return net_client_send_iov(sender, 0, &iov, 1, sent_cb);
}

ssize_t net_client_deliver(NetClient *sender, NetClient *receiver,
                           unsigned flags, const struct iovec *iov, int iovcnt)
{
    return deliver_to_client(sender, flags, iov, iovcnt, receiver);
}

bool net_client_flush(NetClient *nc)
{
    nc->receive_disabled = false;
    /*
     * Our own queue holds the oldest frames; frames waiting at the hub's
     * other ports have not crossed the hub yet.  (QEMU flushes the hub
     * first, which can reorder.)
     */
    bool empty = net_queue_flush(nc->incoming_queue);
    if (nc->peer && strcmp(nc->peer->info->type, "hubport") == 0) {
        net_hub_flush_others(nc->peer);
        empty = net_queue_flush(nc->incoming_queue);
    }
    return empty;
}

void net_client_purge(NetClient *receiver, NetClient *sender)
{
    net_queue_purge(receiver->incoming_queue, sender);
}

void net_client_set_link(NetClient *nc, bool up)
{
    nc->link_down = !up;
    if (nc->info->link_status_changed) {
        nc->info->link_status_changed(nc);
    }
}

void net_client_free(NetClient *nc)
{
    QnetContext *ctx = nc->ctx;

    net_filter_free_all(nc);
    if (nc->peer) {
        net_client_purge(nc->peer, nc);
        nc->peer->peer = NULL;
        nc->peer = NULL;
    }
    if (nc->info->cleanup) {
        nc->info->cleanup(nc);
    }
    net_queue_free(nc->incoming_queue);
    g_queue_unlink(&ctx->clients, &nc->link);
    g_string_free(nc->info_str, TRUE);
    g_free(nc->name);
    g_free(nc->model);
    g_free(nc);
}

NetClient *net_client_find_netdev(QnetContext *ctx, const char *name)
{
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (!nc->is_nic && strcmp(nc->name, name) == 0) {
            return nc;
        }
    }
    return NULL;
}

NetClient *net_client_find_any(QnetContext *ctx, const char *name)
{
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (strcmp(nc->name, name) == 0) {
            return nc;
        }
    }
    return NULL;
}
