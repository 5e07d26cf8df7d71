/* hubport.c: the `hubport` netdev: a hub port created from -netdev / -nic. */
#include <json-glib/json-glib.h>

#include "net/backends.h"
#include "net/hub.h"

bool net_hubport_init(QnetContext *ctx, JsonObject *opts, const char *name,
                      NetClient *peer, Error **errp)
{
    g_assert(!peer);
    int hub_id = (int)json_object_get_int_member(opts, "hubid");
    NetClient *netdev = NULL;

    if (json_object_has_member(opts, "netdev")) {
        const char *id = json_object_get_string_member(opts, "netdev");
        netdev = net_client_find_netdev(ctx, id);
        if (!netdev) {
            error_setg(errp, "netdev '%s' not found", id);
            return false;
        }
        if (netdev->peer) {
            error_setg(errp, "netdev '%s' is already in use", id);
            return false;
        }
    }
    net_hub_add_port(ctx, hub_id, name, netdev);
    return true;
}
