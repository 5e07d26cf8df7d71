/* slirp-monitor.c: the monitor's view of user netdevs: info usernet and host forwarding. */
#include "net/slirp.h"

#include <string.h>

#include "net/hub.h"
#include "net/slirp-fwd.h"
#include "net/slirp-state.h"

void net_slirp_info_usernet(QnetContext *ctx, GString *out)
{
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetSlirpState *s = net_slirp_state(l->data);
        int hub_id;
        if (!s) {
            continue;
        }
        if (!net_hub_id_of_peer(&s->nc, &hub_id)) {
            hub_id = -1;
        }
        g_autofree char *table = slirp_connection_info(s->slirp);
        g_string_append_printf(out, "Hub %d (%s):\n%s", hub_id, s->nc.name,
                               table);
    }
}

bool net_slirp_dhcp_drops(NetClient *nc, uint64_t *drops)
{
    NetSlirpState *s = net_slirp_state(nc);
    if (s) {
        *drops = s->dhcp_guard.drops;
    }
    return s != NULL;
}

/* QEMU's lookup: an id names a netdev (NICs do not count), else the first. */
static NetSlirpState *lookup(QnetContext *ctx, const char *netdev_id,
                             Error **errp)
{
    if (netdev_id) {
        NetClient *nc = net_client_find_netdev(ctx, netdev_id);
        if (!nc) {
            error_setg(errp, "unrecognized netdev id '%s'", netdev_id);
            return NULL;
        }
        NetSlirpState *s = net_slirp_state(nc);
        if (!s) {
            error_setg(errp, "invalid device specified");
        }
        return s;
    }
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetSlirpState *s = net_slirp_state(l->data);
        if (s) {
            return s;
        }
    }
    error_setg(errp, "user mode network stack not in use");
    return NULL;
}

bool net_slirp_hostfwd_add(QnetContext *ctx, const char *netdev_id,
                           const char *rule, Error **errp)
{
    NetSlirpState *s = lookup(ctx, netdev_id, errp);
    NetSlirpHostFwd fwd;

    if (!s || !net_slirp_hostfwd_parse(rule, false, &fwd, errp)) {
        return false;
    }
    if (!net_slirp_fwd_add(s, &fwd, NULL)) {
        error_setg(errp, "Could not set up host forwarding rule '%s'", rule);
        return false;
    }
    return true;
}

bool net_slirp_hostfwd_remove(QnetContext *ctx, const char *netdev_id,
                              const char *rule, GString *out, Error **errp)
{
    NetSlirpState *s = lookup(ctx, netdev_id, errp);
    NetSlirpHostFwd fwd;

    if (!s || !net_slirp_hostfwd_parse_remove(rule, false, &fwd, errp)) {
        return false;
    }
    g_string_append_printf(out, "host forwarding rule for %s %s\n", rule,
                           net_slirp_fwd_remove(s, &fwd) ? "removed"
                                                         : "not found");
    return true;
}

/* What QEMU's monitor shows for an error: the message and any hint. */
bool net_slirp_hostfwd_add_fwd(QnetContext *ctx, const char *netdev_id,
                               const NetSlirpHostFwd *fwd,
                               NetSlirpHostFwd *added, Error **errp)
{
    NetSlirpState *s = lookup(ctx, netdev_id, errp);

    if (!s) {
        return false;
    }
    if (!net_slirp_fwd_add(s, fwd, added)) {
        g_autofree char *rule = net_slirp_hostfwd_to_string(fwd);
        error_setg(errp, "Could not set up host forwarding rule '%s'", rule);
        return false;
    }
    return true;
}

bool net_slirp_hostfwd_remove_fwd(QnetContext *ctx, const char *netdev_id,
                                  const NetSlirpHostFwd *fwd, Error **errp)
{
    NetSlirpState *s = lookup(ctx, netdev_id, errp);

    if (!s) {
        return false;
    }
    if (!net_slirp_fwd_remove(s, fwd)) {
        g_autofree char *rule = net_slirp_hostfwd_to_string(fwd);
        /* Only the "proto:host:port" part names a forward to remove. */
        char *dash = strrchr(rule, '-');
        if (dash) {
            *dash = '\0';
        }
        error_setg(errp, "host forwarding rule for %s not found", rule);
        return false;
    }
    return true;
}

GArray *net_slirp_hostfwd_list(QnetContext *ctx, const char *netdev_id,
                               Error **errp)
{
    NetSlirpState *s = lookup(ctx, netdev_id, errp);

    if (!s) {
        return NULL;
    }
    const GArray *list = net_slirp_fwd_list(s);
    GArray *copy = g_array_sized_new(FALSE, FALSE, sizeof(NetSlirpHostFwd),
                                     list->len);
    g_array_append_vals(copy, list->data, list->len);
    return copy;
}
