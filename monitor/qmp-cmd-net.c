/* qmp-cmd-net.c: QMP commands on the net graph: netdev_add/del, set_link, query-rx-filter, announce-self. */
#include "monitor/qmp-commands.h"

#include "monitor/announce.h"
#include "monitor/monitor.h"
#include "monitor/qmp-net-info.h"
#include "net/backend.h"
#include "net/client.h"
#include "net/context.h"
#include "net/control.h"
#include "net/nic.h"
#include "net/options.h"
#include "qapi/netdev.h"

static JsonNode *qmp_netdev_add(QnetContext *ctx, JsonObject *args,
                                Error **errp)
{
    g_autoptr(JsonNode) node = qmp_args_node(args);
    g_autoptr(JsonObject) cfg = qapi_netdev_from_json(node, errp);
    if (!cfg) {
        return NULL;
    }
    const char *id = json_object_get_string_member(cfg, "id");
    if (net_client_find_netdev(ctx, id)) {
        error_setg(errp, "Duplicate ID '%s'", id);
        return NULL;
    }
    if (!net_backend_create(ctx, cfg, true, NULL, errp)) {
        return NULL;
    }
    return qmp_return_empty();
}

static JsonNode *qmp_netdev_del(QnetContext *ctx, JsonObject *args,
                                Error **errp)
{
    const char *id = qmp_arg_str(args, "id");
    if (!net_netdev_del(ctx, id, errp)) {
        return NULL;
    }
    net_options_forget_netdev(ctx, id);
    return qmp_return_empty();
}

static JsonNode *qmp_set_link(QnetContext *ctx, JsonObject *args,
                              Error **errp)
{
    if (!net_set_link(ctx, qmp_arg_str(args, "name"),
                      qmp_arg_bool(args, "up", false), errp)) {
        return NULL;
    }
    return qmp_return_empty();
}

/* RxFilterInfo of the NIC @nc, or NULL when its model cannot say. */
static JsonObject *rx_filter_info(NetClient *nc)
{
    JsonObject *info = json_object_new();
    json_object_set_string_member(info, "name", nc->name);
    if (!nic_query_rx_filter(nic_from_client(nc), info)) {
        json_object_unref(info);
        return NULL;
    }
    /* As in QEMU, a query re-arms the NIC's NIC_RX_FILTER_CHANGED. */
    monitor_rx_filter_notify_enable(nc->ctx, nc->name);
    return info;
}

static JsonNode *qmp_query_rx_filter(QnetContext *ctx, JsonObject *args,
                                     Error **errp)
{
    const char *name = qmp_arg_str(args, "name");
    JsonArray *list = json_array_new();
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (name && g_strcmp0(nc->name, name) != 0) {
            continue;
        }
        if (!nc->is_nic) {
            if (name) {
                error_setg(errp, "net client(%s) isn't a NIC", name);
                goto fail;
            }
            continue;
        }
        if (nc->queue_index != 0) {
            continue;       /* the filter is per NIC, not per queue */
        }
        JsonObject *info = rx_filter_info(nc);
        if (info) {
            json_array_add_object_element(list, info);
        } else if (name) {
            error_setg(errp, "net client(%s) doesn't support rx-filter "
                       "querying", name);
            goto fail;
        }
        if (name) {
            break;
        }
    }
    if (name && !json_array_get_length(list)) {
        error_setg(errp, "invalid net client name: %s", name);
        goto fail;
    }
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, list);
    return node;
fail:
    json_array_unref(list);
    return NULL;
}

static JsonNode *qmp_announce_self(QnetContext *ctx, JsonObject *args,
                                   Error **errp)
{
    g_auto(GStrv) interfaces = qmp_arg_strv(args, "interfaces");
    AnnounceParams p = {
        .initial = qmp_arg_int(args, "initial", 0),
        .max = qmp_arg_int(args, "max", 0),
        .rounds = qmp_arg_int(args, "rounds", 0),
        .step = qmp_arg_int(args, "step", 0),
        .interfaces = interfaces,
        .id = qmp_arg_str(args, "id"),
    };
    announce_self(ctx, &p);
    return qmp_return_empty();
}

static JsonNode *qmp_query_net(QnetContext *ctx, JsonObject *args,
                               Error **errp)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, qmp_net_info(ctx));
    return node;
}

static const QmpArgSpec set_link_args[] = {
    { "name", QMP_ARG_STR, false },
    { "up", QMP_ARG_BOOL, false },
    { NULL },
};

static const QmpArgSpec rx_filter_args[] = {
    { "name", QMP_ARG_STR, true },
    { NULL },
};

static const QmpArgSpec announce_args[] = {
    { "initial", QMP_ARG_INT, false },
    { "max", QMP_ARG_INT, false },
    { "rounds", QMP_ARG_INT, false },
    { "step", QMP_ARG_INT, false },
    { "interfaces", QMP_ARG_STRLIST, true },
    { "id", QMP_ARG_STR, true },
    { NULL },
};

const QmpCommand qmp_net_commands[] = {
    { "netdev_add", NULL, true, qmp_netdev_add },
    { "netdev_del", qmp_id_args, false, qmp_netdev_del },
    { "set_link", set_link_args, false, qmp_set_link },
    { "query-rx-filter", rx_filter_args, false, qmp_query_rx_filter },
    { "announce-self", announce_args, false, qmp_announce_self },
    { "x-qnet-query-net", NULL, false, qmp_query_net },
    { NULL },
};
