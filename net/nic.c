/* nic.c: the NIC frontend layer: a device model's queues as clients of the graph. */
#include "net/nic.h"

#include "net/context.h"
#include "net/queue.h"

typedef struct NICQueue {
    NetClient nc;
    NICState *nic;
} NICQueue;

struct NICState {
    QnetContext *ctx;
    const NICOps *ops;
    NICConf *conf;
    void *opaque;
    unsigned nqueues;
    NICQueue **queues;
};

static NICQueue *nic_queue(NetClient *nc)
{
    return NET_CLIENT_UPCAST(NICQueue, nc);
}

static ssize_t nic_receive_iov(NetClient *nc, const struct iovec *iov,
                               int iovcnt, unsigned flags)
{
    NICQueue *q = nic_queue(nc);
    return q->nic->ops->receive_iov(q->nic, nc->queue_index, iov, iovcnt);
}

static bool nic_can_receive(NetClient *nc)
{
    NICQueue *q = nic_queue(nc);
    return !q->nic->ops->can_receive ||
           q->nic->ops->can_receive(q->nic, nc->queue_index);
}

static void nic_link_status_changed(NetClient *nc)
{
    NICQueue *q = nic_queue(nc);
    if (nc->queue_index == 0 && q->nic->ops->link_status_changed) {
        q->nic->ops->link_status_changed(q->nic, !nc->link_down);
    }
}

static const NetClientInfo nic_client_info = {
    .type = "nic",
    .size = sizeof(NICQueue),
    .receive_iov = nic_receive_iov,
    .can_receive = nic_can_receive,
    .link_status_changed = nic_link_status_changed,
};

NICState *nic_new(QnetContext *ctx, const NICOps *ops, NICConf *conf,
                  const char *model, const char *name, void *opaque)
{
    NICState *nic = g_new0(NICState, 1);
    nic->ctx = ctx;
    nic->ops = ops;
    nic->conf = conf;
    nic->opaque = opaque;
    nic->nqueues = MAX(conf->queues, 1);
    nic->queues = g_new0(NICQueue *, nic->nqueues);

    for (unsigned i = 0; i < nic->nqueues; i++) {
        NetClient *peer = i < conf->queues ? conf->peers[i] : NULL;
        NetClient *nc = net_client_new(ctx, &nic_client_info, peer, model,
                                       name);
        nc->is_nic = true;
        nc->queue_index = i;
        nic->queues[i] = nic_queue(nc);
        nic->queues[i]->nic = nic;
    }
    char mac[18];
    mac_format(&conf->macaddr, mac);
    net_client_set_info_str(&nic->queues[0]->nc, "model=%s,macaddr=%s", model,
                            mac);
    return nic;
}

void nic_free(NICState *nic)
{
    mac_table_release(&nic->ctx->macs, &nic->conf->macaddr);
    for (unsigned i = nic->nqueues; i-- > 0;) {
        net_client_free(&nic->queues[i]->nc);
    }
    if (nic->ops->cleanup) {
        nic->ops->cleanup(nic);
    }
    g_free(nic->queues);
    g_free(nic);
}

ssize_t nic_send_iov(NICState *nic, unsigned queue, const struct iovec *iov,
                     int iovcnt, NetSentCb *sent_cb)
{
    return net_client_send_iov(&nic->queues[queue]->nc, 0, iov, iovcnt,
                               sent_cb);
}

void nic_flush_queue(NICState *nic, unsigned queue)
{
    net_client_flush(&nic->queues[queue]->nc);
}

void nic_conf_default_mac(QnetContext *ctx, NICConf *conf)
{
    if (conf->mac_set) {
        mac_table_reserve(&ctx->macs, &conf->macaddr);
    } else {
        mac_table_assign_default(&ctx->macs, &conf->macaddr);
    }
}

NetClient *nic_get_queue(NICState *nic, unsigned queue)
{
    return &nic->queues[queue]->nc;
}

void *nic_get_opaque(NICState *nic)
{
    return nic->opaque;
}

const MACAddr *nic_get_mac(NICState *nic)
{
    return &nic->conf->macaddr;
}

unsigned nic_get_queue_count(NICState *nic)
{
    return nic->nqueues;
}

bool nic_link_up(NICState *nic)
{
    return !nic->queues[0]->nc.link_down;
}

bool nic_query_rx_filter(NICState *nic, JsonObject *info)
{
    if (!nic->ops->query_rx_filter) {
        return false;
    }
    nic->ops->query_rx_filter(nic, info);
    return true;
}

NICState *nic_from_client(NetClient *nc)
{
    /* By vtable, not is_nic: other NIC-like clients (tests, models) exist. */
    return nc->info == &nic_client_info ? nic_queue(nc)->nic : NULL;
}
