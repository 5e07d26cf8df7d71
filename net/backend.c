/* backend.c: the table of netdev types and the creation of a netdev from options. */
#include "net/backend.h"

#include <string.h>

#include "net/context.h"
#include "net/backends.h"
#include "qapi/netdev.h"

/*
 * Every netdev type QEMU 7.2 knows.  A NULL init means qnet describes the
 * type (the schema accepts its options) but does not provide it yet.
 */
static const NetBackend backends[] = {
    { "user", net_slirp_init, true },
    { "tap", net_tap_init, true },
    { "l2tpv3", NULL, true },
    { "socket", net_socket_init, true },
    { "stream", net_stream_init, true },
    { "dgram", net_dgram_init, true },
    { "vde", net_vde_init, true },
    { "bridge", net_bridge_init, true },
    { "hubport", net_hubport_init, false },
    { "netmap", NULL, true },
    { "vhost-user", NULL, true },
    { "vhost-vdpa", NULL, true },
};

const NetBackend *net_backend_find(const char *type)
{
    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        if (strcmp(backends[i].type, type) == 0) {
            return &backends[i];
        }
    }
    return NULL;
}

static const char *member_str(JsonObject *opts, const char *name)
{
    return json_object_has_member(opts, name)
               ? json_object_get_string_member(opts, name)
               : NULL;
}

NetClient *net_backend_create(QnetContext *ctx, JsonObject *opts,
                              bool is_netdev, NetClient *peer, Error **errp)
{
    const char *type = member_str(opts, "type");
    const char *id = member_str(opts, "id");
    const NetBackend *be = type ? net_backend_find(type) : NULL;

    if (!be || !qapi_netdev_type_compiled(type)) {
        error_setg(errp, "network backend '%s' is not compiled into this "
                   "binary", type ? type : "");
        return NULL;
    }
    if (!be->init) {
        error_setg(errp, "network backend '%s' is not implemented in qnet "
                   "yet", type);
        return NULL;
    }

    GList *last = ctx->clients.tail;
    Error *local = NULL;
    if (!be->init(ctx, opts, id, peer, &local)) {
        if (!local) {
            error_setg(&local, "Device '%s' could not be initialized", type);
        }
        error_propagate(errp, local);
        return NULL;
    }
    GList *first_new = last ? last->next : ctx->clients.head;
    for (GList *l = first_new; l; l = l->next) {
        NetClient *nc = l->data;
        nc->is_netdev = is_netdev;
    }
    return first_new ? first_new->data : NULL;
}
