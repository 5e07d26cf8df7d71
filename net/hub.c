/* hub.c: hubs (QEMU's former "VLANs"): every frame to every other port, or, in learning mode, to where its destination is. */
#include "net/hub.h"

#include <string.h>

#include "net/context.h"
#include "net/hub-fdb.h"
#include "net/nic.h"
#include "util/iov.h"

struct NetHub {
    int id;
    QnetContext *ctx;
    GQueue ports;       /* NetHubPort, newest first as QEMU lists them */
    unsigned num_ports; /* ports ever added: names hub<H>port<P> */
    NetHubSettings settings;
    NetHubStats stats;
    NetHubFdb *fdb;     /* learning mode only */
    GSource *ageing_timer; /* ticks once a second while the fdb has entries */
};

typedef struct NetHubPort {
    NetClient nc;
    NetHub *hub;
} NetHubPort;

static bool is_hub_port(const NetClient *nc)
{
    return nc && strcmp(nc->info->type, "hubport") == 0;
}

static gboolean hub_ageing_tick(gpointer opaque)
{
    NetHub *hub = opaque;
    if (net_hub_fdb_tick(hub->fdb, hub->settings.ageing) > 0) {
        return G_SOURCE_CONTINUE;
    }
    g_source_unref(hub->ageing_timer);
    hub->ageing_timer = NULL;
    return G_SOURCE_REMOVE;
}

static void hub_stop_ageing(NetHub *hub)
{
    if (hub->ageing_timer) {
        g_source_destroy(hub->ageing_timer);
        g_source_unref(hub->ageing_timer);
        hub->ageing_timer = NULL;
    }
}

/*
 * Learning mode: records where the frame's source is and returns the port
 * its destination is behind, or NULL to flood.
 */
static NetHubPort *hub_learn_and_route(NetHub *hub, NetHubPort *source,
                                       const struct iovec *iov, int iovcnt)
{
    uint8_t macs[12];   /* destination, then source (IEEE 802.3 3.1.1) */
    const uint8_t *hdr = macs;

    if (iovcnt > 0 && iov[0].iov_len >= sizeof(macs)) {
        hdr = iov[0].iov_base;
    } else if (iov_to_buf(iov, iovcnt, 0, macs, sizeof(macs)) < sizeof(macs)) {
        return NULL;
    }
    if (!net_hub_fdb_learn(hub->fdb, hdr + 6, source)) {
        hub->stats.not_learned++;
    } else if (!hub->ageing_timer && net_hub_fdb_count(hub->fdb) > 0) {
        hub->ageing_timer = g_timeout_source_new_seconds(1);
        g_source_set_callback(hub->ageing_timer, hub_ageing_tick, hub, NULL);
        qnet_attach_source(hub->ctx, hub->ageing_timer);
    }
    return net_hub_fdb_lookup(hub->fdb, hdr);
}

static ssize_t hub_port_receive_iov(NetClient *nc, const struct iovec *iov,
                                    int iovcnt, unsigned flags)
{
    NetHubPort *source = NET_CLIENT_UPCAST(NetHubPort, nc);
    NetHub *hub = source->hub;
    ssize_t size = (ssize_t)iov_size(iov, iovcnt);
    NetHubPort *dest = hub->fdb ? hub_learn_and_route(hub, source, iov, iovcnt)
                                : NULL;
    if (dest == source) {
        hub->stats.filtered++;
    } else if (dest) {
        /*
         * A frame for one port waits until that port can take it, as with
         * a receiver peered directly, instead of filling its queue and
         * being dropped there: the ports that would take it are idle.
         * Its port's flush flushes ours again (net_client_flush()).
         */
        NetClient *receiver = dest->nc.peer;
        if (receiver && !receiver->link_down &&
            !net_client_can_send(&dest->nc)) {
            return 0;
        }
        hub->stats.forwarded++;
        net_client_send_iov(&dest->nc, flags, iov, iovcnt, NULL);
    } else {
        /* Sent without callback: a port whose peer is full drops (counted). */
        hub->stats.flooded++;
        for (GList *l = hub->ports.head; l; l = l->next) {
            NetHubPort *port = l->data;
            if (port != source) {
                net_client_send_iov(&port->nc, flags, iov, iovcnt, NULL);
            }
        }
    }
    return size;
}

static bool hub_port_can_receive(NetClient *nc)
{
    NetHubPort *source = NET_CLIENT_UPCAST(NetHubPort, nc);
    for (GList *l = source->hub->ports.head; l; l = l->next) {
        NetHubPort *port = l->data;
        if (port != source && net_client_can_send(&port->nc)) {
            return true;
        }
    }
    return false;
}

static void hub_port_cleanup(NetClient *nc)
{
    net_hub_remove_port(nc);
}

static const NetClientInfo hub_port_info = {
    .type = "hubport",
    .size = sizeof(NetHubPort),
    .receive_iov = hub_port_receive_iov,
    .can_receive = hub_port_can_receive,
    .cleanup = hub_port_cleanup,
};

static NetHub *hub_find(QnetContext *ctx, int id)
{
    for (GList *l = ctx->hubs; l; l = l->next) {
        NetHub *hub = l->data;
        if (hub->id == id) {
            return hub;
        }
    }
    return NULL;
}

static void hub_set(NetHub *hub, const NetHubSettings *settings)
{
    hub->settings = *settings;
    if (settings->mode == NET_HUB_LEARNING && !hub->fdb) {
        hub->fdb = net_hub_fdb_new();
    } else if (settings->mode == NET_HUB_FLOOD && hub->fdb) {
        hub_stop_ageing(hub);
        net_hub_fdb_free(hub->fdb);
        hub->fdb = NULL;
    }
}

void net_hub_apply_settings(QnetContext *ctx, const NetHubSettings *settings)
{
    if (!ctx->hub_settings) {
        ctx->hub_settings = g_array_new(FALSE, FALSE, sizeof(NetHubSettings));
    }
    guint i = 0;
    while (i < ctx->hub_settings->len &&
           g_array_index(ctx->hub_settings, NetHubSettings, i).id !=
               settings->id) {
        i++;
    }
    if (i == ctx->hub_settings->len) {
        g_array_append_val(ctx->hub_settings, *settings);
    } else {
        g_array_index(ctx->hub_settings, NetHubSettings, i) = *settings;
    }
    NetHub *hub = hub_find(ctx, settings->id);
    if (hub) {
        hub_set(hub, settings);
    }
}

bool net_hub_status(QnetContext *ctx, int hub_id, NetHubStatus *status)
{
    NetHub *hub = hub_find(ctx, hub_id);
    if (!hub) {
        return false;
    }
    status->settings = hub->settings;
    status->stats = hub->stats;
    status->fdb_entries = hub->fdb ? net_hub_fdb_count(hub->fdb) : 0;
    return true;
}

typedef struct StationVisit {
    NetHubStationFunc *fn;
    void *opaque;
} StationVisit;

static void visit_station(const uint8_t mac[6], void *port, unsigned age,
                          void *opaque)
{
    StationVisit *v = opaque;
    v->fn(mac, &((NetHubPort *)port)->nc, age, v->opaque);
}

void net_hub_foreach_station(QnetContext *ctx, int hub_id,
                             NetHubStationFunc *fn, void *opaque)
{
    NetHub *hub = hub_find(ctx, hub_id);
    if (hub && hub->fdb) {
        StationVisit v = { fn, opaque };
        net_hub_fdb_foreach(hub->fdb, visit_station, &v);
    }
}

static NetHub *hub_find_or_create(QnetContext *ctx, int id)
{
    NetHub *hub = hub_find(ctx, id);
    if (!hub) {
        hub = g_new0(NetHub, 1);
        hub->id = id;
        hub->ctx = ctx;
        hub->settings = (NetHubSettings){ id, NET_HUB_FLOOD,
                                          NET_HUB_DEFAULT_AGEING };
        g_queue_init(&hub->ports);
        ctx->hubs = g_list_prepend(ctx->hubs, hub);
        for (guint i = 0; ctx->hub_settings && i < ctx->hub_settings->len; i++) {
            NetHubSettings *st = &g_array_index(ctx->hub_settings,
                                                NetHubSettings, i);
            if (st->id == id) {
                hub_set(hub, st);
            }
        }
    }
    return hub;
}

NetClient *net_hub_add_port(QnetContext *ctx, int hub_id, const char *name,
                            NetClient *peer)
{
    NetHub *hub = hub_find_or_create(ctx, hub_id);
    g_autofree char *auto_name = NULL;
    if (!name) {
        auto_name = g_strdup_printf("hub%dport%u", hub_id, hub->num_ports);
        name = auto_name;
    }
    hub->num_ports++;
    NetClient *nc = net_client_new(ctx, &hub_port_info, peer, "hub", name);
    NetHubPort *port = NET_CLIENT_UPCAST(NetHubPort, nc);
    port->hub = hub;
    g_queue_push_head(&hub->ports, port);
    return nc;
}

bool net_hub_id_of_port(NetClient *nc, int *hub_id)
{
    if (!is_hub_port(nc)) {
        return false;
    }
    *hub_id = NET_CLIENT_UPCAST(NetHubPort, nc)->hub->id;
    return true;
}

bool net_hub_id_of_peer(NetClient *nc, int *hub_id)
{
    return nc->peer && net_hub_id_of_port(nc->peer, hub_id);
}

void net_hub_flush_others(NetClient *port_nc)
{
    NetHubPort *source = NET_CLIENT_UPCAST(NetHubPort, port_nc);
    for (GList *l = source->hub->ports.head; l; l = l->next) {
        NetHubPort *port = l->data;
        if (port != source) {
            net_client_flush(&port->nc);
        }
    }
}

void net_hub_remove_port(NetClient *nc)
{
    NetHubPort *port = NET_CLIENT_UPCAST(NetHubPort, nc);
    if (port->hub) {
        g_queue_remove(&port->hub->ports, port);
        if (port->hub->fdb) {
            net_hub_fdb_forget_port(port->hub->fdb, port);
        }
        port->hub = NULL;
    }
}

static void hub_check(QnetContext *ctx, NetHub *hub)
{
    bool has_nic = false, has_host_dev = false;

    for (GList *l = hub->ports.head; l; l = l->next) {
        NetHubPort *port = l->data;
        NetClient *peer = port->nc.peer;
        if (!peer) {
            qnet_log(ctx, QNET_LOG_WARNING, NULL, "hub port %s has no peer",
                     port->nc.name);
            continue;
        }
        has_nic |= peer->is_nic;
        has_host_dev |= peer->info->host_side;
    }
    if (has_host_dev && !has_nic) {
        qnet_log(ctx, QNET_LOG_WARNING, NULL, "hub %d with no nics", hub->id);
    }
    if (has_nic && !has_host_dev) {
        qnet_log(ctx, QNET_LOG_WARNING, NULL,
                 "hub %d is not connected to host network", hub->id);
    }
}

void net_hub_check_clients(QnetContext *ctx)
{
    for (GList *l = ctx->hubs; l; l = l->next) {
        hub_check(ctx, l->data);
    }
}

void net_hub_info(QnetContext *ctx, GString *out)
{
    for (GList *l = ctx->hubs; l; l = l->next) {
        NetHub *hub = l->data;
        g_string_append_printf(out, "hub %d\n", hub->id);
        for (GList *p = hub->ports.head; p; p = p->next) {
            NetHubPort *port = p->data;
            g_string_append_printf(out, " \\ %s", port->nc.name);
            if (port->nc.peer) {
                g_string_append(out, ": ");
                net_client_info_line(port->nc.peer, out);
            } else {
                g_string_append_c(out, '\n');
            }
        }
    }
}

static void hub_free(gpointer data)
{
    NetHub *hub = data;
    hub_stop_ageing(hub);
    net_hub_fdb_free(hub->fdb);
    g_free(hub);
}

void net_hub_free_all(QnetContext *ctx)
{
    g_list_free_full(ctx->hubs, hub_free);
    ctx->hubs = NULL;
    if (ctx->hub_settings) {
        g_array_free(ctx->hub_settings, TRUE);
        ctx->hub_settings = NULL;
    }
}
