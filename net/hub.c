/* hub.c: hubs (QEMU's former "VLANs"): every frame goes to every other port. */
#include "net/hub.h"

#include <string.h>

#include "net/context.h"
#include "net/nic.h"

struct NetHub {
    int id;
    GQueue ports;       /* NetHubPort, newest first as QEMU lists them */
    unsigned num_ports; /* ports ever added: names hub<H>port<P> */
};

typedef struct NetHubPort {
    NetClient nc;
    NetHub *hub;
} NetHubPort;

static bool is_hub_port(const NetClient *nc)
{
    return nc && strcmp(nc->info->type, "hubport") == 0;
}

static ssize_t hub_port_receive_iov(NetClient *nc, const struct iovec *iov,
                                    int iovcnt, unsigned flags)
{
    NetHubPort *source = NET_CLIENT_UPCAST(NetHubPort, nc);
    ssize_t size = 0;
    for (int i = 0; i < iovcnt; i++) {
        size += (ssize_t)iov[i].iov_len;
    }
    /* Sent without callback: a port whose peer is full drops (counted). */
    for (GList *l = source->hub->ports.head; l; l = l->next) {
        NetHubPort *port = l->data;
        if (port != source) {
            net_client_send_iov(&port->nc, flags, iov, iovcnt, NULL);
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

static NetHub *hub_find_or_create(QnetContext *ctx, int id)
{
    NetHub *hub = hub_find(ctx, id);
    if (!hub) {
        hub = g_new0(NetHub, 1);
        hub->id = id;
        g_queue_init(&hub->ports);
        ctx->hubs = g_list_prepend(ctx->hubs, hub);
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

void net_hub_free_all(QnetContext *ctx)
{
    g_list_free_full(ctx->hubs, g_free);
    ctx->hubs = NULL;
}
