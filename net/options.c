/* options.c: -netdev, -net and -nic: from command-line text to backends and NIC requests. */
#include "net/options.h"

#include <string.h>

#include "net/backend.h"
#include "net/context.h"
#include "net/hub.h"
#include "qapi/netdev.h"
#include "util/qemu-opts.h"

/* One option as given, kept until realize. */
typedef struct NetOptEntry {
    char *location;       /* "-netdev user,id=a": prefix of its errors */
    QemuOpts *opts;       /* the key=value form, or NULL */
    JsonObject *netdev;   /* the modern (JSON / keyval) form, or NULL */
} NetOptEntry;

struct NetOptions {
    QemuOptsList *netdev_list, *net_list, *nic_list;
    GPtrArray *modern, *netdevs, *nics, *nets;   /* NetOptEntry */
};

static void entry_free(gpointer p)
{
    NetOptEntry *e = p;
    if (e->netdev) {
        json_object_unref(e->netdev);
    }
    g_free(e->location);
    g_free(e);
}

static NetOptions *options_get(QnetContext *ctx)
{
    NetOptions *o = ctx->net_options;
    if (!o) {
        o = g_new0(NetOptions, 1);
        o->netdev_list = qemu_opts_list_new("netdev", "type");
        o->net_list = qemu_opts_list_new("net", "type");
        o->nic_list = qemu_opts_list_new("nic", "type");
        o->modern = g_ptr_array_new_with_free_func(entry_free);
        o->netdevs = g_ptr_array_new_with_free_func(entry_free);
        o->nics = g_ptr_array_new_with_free_func(entry_free);
        o->nets = g_ptr_array_new_with_free_func(entry_free);
        ctx->net_options = o;
    }
    return o;
}

void net_options_free(QnetContext *ctx)
{
    NetOptions *o = ctx->net_options;
    if (!o) {
        return;
    }
    g_ptr_array_free(o->modern, TRUE);
    g_ptr_array_free(o->netdevs, TRUE);
    g_ptr_array_free(o->nics, TRUE);
    g_ptr_array_free(o->nets, TRUE);
    qemu_opts_list_free(o->netdev_list);
    qemu_opts_list_free(o->net_list);
    qemu_opts_list_free(o->nic_list);
    g_free(o);
    ctx->net_options = NULL;
}

bool net_options_any(QnetContext *ctx)
{
    NetOptions *o = ctx->net_options;
    return o && (o->modern->len || o->netdevs->len || o->nics->len ||
                 o->nets->len);
}

char *net_generate_id(QnetContext *ctx)
{
    /* QEMU appends two random digits so that users do not rely on them. */
    return g_strdup_printf("#net%u%02d", ctx->net_id_counter++,
                           g_random_int_range(0, 100));
}

bool net_options_add(QnetContext *ctx, const char *kind, const char *arg,
                     Error **errp)
{
    NetOptions *o = options_get(ctx);
    NetOptEntry *e = g_new0(NetOptEntry, 1);
    e->location = g_strdup_printf("-%s %s", kind, arg);
    QnetLogLocation warn = { ctx, e->location };
    GPtrArray *into;

    if (strcmp(kind, "netdev") == 0 && qapi_netdev_is_modern(arg)) {
        e->netdev = qapi_netdev_from_keyval_warn(arg, qnet_log_warning_at,
                                                 &warn, errp);
        into = o->modern;
    } else {
        QemuOptsList *list = strcmp(kind, "netdev") == 0 ? o->netdev_list
                             : strcmp(kind, "net") == 0  ? o->net_list
                                                         : o->nic_list;
        e->opts = qemu_opts_parse(list, arg, qnet_log_warning_at, &warn,
                                  errp);
        into = strcmp(kind, "netdev") == 0 ? o->netdevs
               : strcmp(kind, "net") == 0  ? o->nets
                                           : o->nics;
    }
    if (!e->opts && !e->netdev) {
        error_prepend(errp, "%s: ", e->location);
        entry_free(e);
        return false;
    }
    g_ptr_array_add(into, e);
    return true;
}

static const char *str_member(JsonObject *obj, const char *name)
{
    return json_object_has_member(obj, name)
               ? json_object_get_string_member(obj, name)
               : NULL;
}

/* -netdev: a backend with no peer, to be claimed by a device or hub port. */
static bool realize_netdev(QnetContext *ctx, JsonObject *cfg, Error **errp)
{
    const char *id = str_member(cfg, "id");
    if (id && net_client_find_netdev(ctx, id)) {
        error_setg(errp, "Duplicate ID '%s'", id);
        return false;
    }
    return net_backend_create(ctx, cfg, true, NULL, errp) != NULL;
}

static int nic_table_free_slot(NICTable *t)
{
    for (int i = 0; i < MAX_NICS; i++) {
        if (!t->nd[i].used) {
            return i;
        }
    }
    return -1;
}

static bool parse_nic_mac(QnetContext *ctx, NICInfo *ni, const char *mac,
                          const char *multicast_msg, Error **errp)
{
    if (mac) {
        if (!mac_parse_legacy(mac, &ni->macaddr, errp)) {
            return false;
        }
        if (mac_is_multicast(&ni->macaddr)) {
            error_setg(errp, "%s", multicast_msg);
            return false;
        }
        ni->mac_set = true;
        mac_table_reserve(&ctx->macs, &ni->macaddr);
    } else {
        mac_table_assign_default(&ctx->macs, &ni->macaddr);
    }
    return true;
}

/* -nic: a netdev plus an on-board NIC request bound to it, no hub. */
static bool realize_nic(QnetContext *ctx, NetOptEntry *e, Error **errp)
{
    const char *type = qemu_opts_get(e->opts, "type");
    if (type && strcmp(type, "none") == 0) {
        return true;
    }
    NICTable *t = &ctx->nics;
    int slot = nic_table_free_slot(t);
    if (slot < 0 || t->count >= MAX_NICS) {
        error_setg(errp, "no more on-board/default NIC slots available");
        return false;
    }
    g_autofree char *model = NULL, *mac = NULL;
    qapi_nic_split(e->opts, &model, &mac);
    NICInfo *ni = &t->nd[slot];
    memset(ni, 0, sizeof(*ni));
    if (!parse_nic_mac(ctx, ni, mac, "NIC cannot have multicast MAC address",
                       errp)) {
        return false;
    }
    if (!qemu_opts_id(e->opts)) {
        g_autofree char *id = net_generate_id(ctx);
        qemu_opts_set_id(e->opts, id);
    }
    QnetLogLocation warn = { ctx, e->location };
    g_autoptr(JsonObject) cfg = qapi_netdev_from_opts_warn(
        e->opts, qnet_log_warning_at, &warn, errp);
    if (!cfg || !realize_netdev(ctx, cfg, errp)) {
        return false;
    }
    ni->model = g_steal_pointer(&model);
    ni->netdev = net_client_find_netdev(ctx, qemu_opts_id(e->opts));
    ni->nvectors = NIC_NVECTORS_UNSPECIFIED;
    ni->used = true;
    t->count++;
    return true;
}

/* -net nic: an on-board NIC request on hub 0, or on netdev= directly. */
static bool realize_net_nic(QnetContext *ctx, JsonObject *cfg, Error **errp)
{
    NICTable *t = &ctx->nics;
    int slot = nic_table_free_slot(t);
    if (slot < 0 || t->count >= MAX_NICS) {
        error_setg(errp, "too many NICs");
        return false;
    }
    NetClient *peer;
    const char *netdev = str_member(cfg, "netdev");
    if (netdev) {
        peer = net_client_find_netdev(ctx, netdev);
        if (!peer) {
            error_setg(errp, "netdev '%s' not found", netdev);
            return false;
        }
    } else {
        peer = net_hub_add_port(ctx, 0, NULL, NULL);
    }
    NICInfo *ni = &t->nd[slot];
    memset(ni, 0, sizeof(*ni));
    ni->nvectors = NIC_NVECTORS_UNSPECIFIED;
    if (json_object_has_member(cfg, "vectors")) {
        gint64 v = json_object_get_int_member(cfg, "vectors");
        if (v > 0x7ffffff) {
            error_setg(errp, "invalid # of vectors: %" G_GINT64_FORMAT, v);
            return false;
        }
        ni->nvectors = (uint32_t)v;
    }
    if (!parse_nic_mac(ctx, ni, str_member(cfg, "macaddr"),
                       "NIC cannot have multicast MAC address (odd 1st byte)",
                       errp)) {
        return false;
    }
    ni->netdev = peer;
    ni->name = g_strdup(str_member(cfg, "id"));
    ni->model = g_strdup(str_member(cfg, "model"));
    ni->devaddr = g_strdup(str_member(cfg, "addr"));
    ni->used = true;
    t->count++;
    return true;
}

/* -net TYPE: a backend on a new port of hub 0. */
static bool realize_net(QnetContext *ctx, NetOptEntry *e, Error **errp)
{
    if (!qemu_opts_id(e->opts)) {
        g_autofree char *id = net_generate_id(ctx);
        qemu_opts_set_id(e->opts, id);
    }
    QnetLogLocation warn = { ctx, e->location };
    g_autoptr(JsonObject) cfg = qapi_netlegacy_from_opts_warn(
        e->opts, qnet_log_warning_at, &warn, errp);
    if (!cfg) {
        return false;
    }
    const char *type = str_member(cfg, "type");
    if (strcmp(type, "none") == 0) {
        return true;
    }
    if (strcmp(type, "nic") == 0) {
        return realize_net_nic(ctx, cfg, errp);
    }
    const NetBackend *be = net_backend_find(type);
    if (be && !be->legacy_net_ok) {
        error_setg(errp, "network backend '%s' is only supported with "
                   "-netdev/-nic", type);
        return false;
    }
    NetClient *port = net_hub_add_port(ctx, 0, NULL, NULL);
    return net_backend_create(ctx, cfg, false, port, errp) != NULL;
}

typedef bool RealizeFunc(QnetContext *ctx, NetOptEntry *e, Error **errp);

static bool realize_flat_netdev(QnetContext *ctx, NetOptEntry *e,
                                Error **errp)
{
    QnetLogLocation warn = { ctx, e->location };
    g_autoptr(JsonObject) cfg = qapi_netdev_from_opts_warn(
        e->opts, qnet_log_warning_at, &warn, errp);
    return cfg && realize_netdev(ctx, cfg, errp);
}

static bool realize_modern_netdev(QnetContext *ctx, NetOptEntry *e,
                                  Error **errp)
{
    return realize_netdev(ctx, e->netdev, errp);
}

static bool realize_all(QnetContext *ctx, GPtrArray *entries,
                        RealizeFunc *realize, Error **errp)
{
    for (guint i = 0; i < entries->len; i++) {
        NetOptEntry *e = entries->pdata[i];
        if (!realize(ctx, e, errp)) {
            error_prepend(errp, "%s: ", e->location);
            return false;
        }
    }
    return true;
}

bool net_options_realize(QnetContext *ctx, Error **errp)
{
    NetOptions *o = options_get(ctx);
    return realize_all(ctx, o->modern, realize_modern_netdev, errp) &&
           realize_all(ctx, o->netdevs, realize_flat_netdev, errp) &&
           realize_all(ctx, o->nics, realize_nic, errp) &&
           realize_all(ctx, o->nets, realize_net, errp);
}

bool net_options_netdev_add(QnetContext *ctx, const char *arg,
                            Error **parse_errp, Error **errp)
{
    NetOptions *o = options_get(ctx);
    QnetLogLocation warn = { ctx, NULL };
    QemuOpts *opts = qemu_opts_parse(o->netdev_list, arg, qnet_log_warning_at,
                                     &warn, parse_errp);
    if (!opts) {
        return false;
    }
    qemu_opts_collapse(opts);
    g_autoptr(JsonObject) cfg = qapi_netdev_from_opts_warn(
        opts, qnet_log_warning_at, &warn, errp);
    if (!cfg || !realize_netdev(ctx, cfg, errp)) {
        qemu_opts_del(opts);
        return false;
    }
    return true;
}

void net_options_forget_netdev(QnetContext *ctx, const char *id)
{
    NetOptions *o = options_get(ctx);
    QemuOpts *opts = qemu_opts_find(o->netdev_list, id);
    if (opts) {
        qemu_opts_del(opts);
    }
}

void net_check_clients(QnetContext *ctx)
{
    if (ctx->default_net) {
        return;
    }
    net_hub_check_clients(ctx);
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (!nc->peer) {
            qnet_log(ctx, QNET_LOG_WARNING, NULL, "%s %s has no peer",
                     nc->is_nic ? "nic" : "netdev", nc->name);
        }
    }
}
