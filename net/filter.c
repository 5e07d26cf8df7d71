/* filter.c: the filter chain walk shared by every filter type. */
#include "net/filter.h"

static bool applies(const NetFilter *nf, NetFilterDirection dir)
{
    return nf->on && (nf->direction == NET_FILTER_DIRECTION_ALL ||
                      nf->direction == dir);
}

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

void net_filter_info(NetClient *nc, GString *out)
{
    if (!nc->filters.length) {
        return;
    }
    static const char *const queue_names[] = { "all", "rx", "tx" };
    g_string_append(out, "filters:\n");
    for (GList *l = nc->filters.head; l; l = l->next) {
        NetFilter *nf = l->data;
        g_string_append_printf(out, "  - %s: type=%s", nf->id, nf->ops->type);
        GString *own = g_string_new(NULL);
        if (nf->ops->describe) {
            nf->ops->describe(nf, own);
        }
        g_string_append_printf(out, "%s,position=%s,status=%s,insert=%s,"
                               "netdev=%s,queue=%s\n", own->str,
                               nf->position, nf->on ? "on" : "off",
                               nf->insert_before ? "before" : "behind",
                               nc->name, queue_names[nf->direction]);
        g_string_free(own, TRUE);
    }
}

void net_filter_free_all(NetClient *nc)
{
    NetFilter *nf;
    while ((nf = g_queue_pop_head(&nc->filters))) {
        nf->ops->free(nf);
    }
}
