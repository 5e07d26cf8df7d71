/* filter.c: the filter chain walk shared by every filter type, and its `info network` block. */
#include "net/filter.h"

#include "net/filter-object.h"

static bool applies(const NetFilter *nf, NetFilterDirection dir)
{
    return nf->on && (nf->direction == NET_FILTER_DIRECTION_ALL ||
                      nf->direction == dir);
}

/* QEMU's order: TX walks head to tail, RX tail to head (reference §1.3). */
static GList *step(GList *l, NetFilterDirection dir)
{
    return dir == NET_FILTER_DIRECTION_TX ? l->next : l->prev;
}

static ssize_t run_from(GList *l, NetFilterDirection dir, NetClient *sender,
                        unsigned flags, const struct iovec *iov, int iovcnt,
                        NetSentCb *sent_cb)
{
    for (; l; l = step(l, dir)) {
        NetFilter *nf = l->data;
        if (!applies(nf, dir)) {
            continue;
        }
        ssize_t ret = nf->ops->receive_iov(nf, sender, flags, iov, iovcnt,
                                           sent_cb);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

ssize_t net_filter_chain_run(NetClient *nc, NetFilterDirection dir,
                             NetClient *sender, unsigned flags,
                             const struct iovec *iov, int iovcnt,
                             NetSentCb *sent_cb)
{
    GList *start = dir == NET_FILTER_DIRECTION_TX ? nc->filters.head
                                                  : nc->filters.tail;
    return run_from(start, dir, sender, flags, iov, iovcnt, sent_cb);
}

ssize_t net_filter_pass_to_next(NetFilter *nf, NetClient *sender,
                                unsigned flags, const struct iovec *iov,
                                int iovcnt)
{
    NetClient *nc = nf->netdev;
    NetFilterDirection dir = sender == nc ? NET_FILTER_DIRECTION_TX
                                          : NET_FILTER_DIRECTION_RX;
    GList *self = g_queue_find(&nc->filters, nf);
    if (self) {
        ssize_t ret = run_from(step(self, dir), dir, sender, flags, iov,
                               iovcnt, NULL);
        if (ret) {
            return ret;
        }
    }
    NetClient *receiver = sender == nc ? nc->peer : nc;
    if (!receiver) {
        return 0;
    }
    return net_client_queue_to(sender, receiver, flags, iov, iovcnt, NULL);
}

NetClient *net_filter_sender(NetFilter *nf, NetFilterDirection dir)
{
    return dir == NET_FILTER_DIRECTION_TX ? nf->netdev : nf->netdev->peer;
}

bool net_filter_receiver_ready(NetFilter *nf, NetFilterDirection dir)
{
    NetClient *sender = net_filter_sender(nf, dir);
    /* Without a receiver a frame is dropped, not held: not "ready". */
    return sender && sender->peer && net_client_can_send(sender);
}

void net_filter_info(NetClient *nc, GString *out)
{
    if (!nc->filters.length) {
        return;
    }
    g_string_append(out, "filters:\n");
    for (GList *l = nc->filters.head; l; l = l->next) {
        NetFilter *nf = l->data;
        g_string_append_printf(out, "  - %s: type=%s", nf->id, nf->ops->type);
        /* QEMU lists the newest QOM properties first: the type's, then
         * the base class's. */
        for (const NetFilterProp *p = nf->ops->props; p && p->name; p++) {
            g_string_append_c(out, ',');
            net_filter_prop_format(nf, p, out);
        }
        for (const NetFilterProp *p = net_filter_base_props; p->name; p++) {
            g_string_append_c(out, ',');
            net_filter_prop_format(nf, p, out);
        }
        g_string_append_c(out, '\n');
    }
}

static void filter_free(NetFilter *nf)
{
    for (const NetFilterProp *p = nf->ops->props; p && p->name; p++) {
        if (p->kind == NET_FILTER_PROP_STR) {
            g_free(G_STRUCT_MEMBER(char *, nf, p->offset));
        }
    }
    g_free(nf->id);
    g_free(nf->netdev_id);
    g_free(nf->position);
    g_free(nf);
}

void net_filter_destroy(NetFilter *nf)
{
    if (nf->ops->cleanup) {
        nf->ops->cleanup(nf);
    }
    if (nf->netdev) {
        g_queue_remove(&nf->netdev->filters, nf);
    }
    filter_free(nf);
}

void net_filter_free_all(NetClient *nc)
{
    GList *head;
    while ((head = nc->filters.head)) {
        NetFilter *nf = head->data;
        net_filter_object_forget(nc->ctx, nf->id);
        /* Cleanup runs while the filter is in its chain (held frames
         * released by filter-buffer still pass the filters after it). */
        if (nf->ops->cleanup) {
            nf->ops->cleanup(nf);
        }
        g_queue_delete_link(&nc->filters, head);
        filter_free(nf);
    }
}
