/* filter-object.c: user-creatable objects: filter creation in QEMU's order of checks, deletion, properties, the id registry. */
#include "net/filter-object.h"

#include <string.h>

#include "net/context.h"
#include "net/filter-types.h"
#include "qapi/access.h"
#include "qapi/object.h"

const NetFilterOps *const net_filter_types[] = {
    &net_filter_buffer_ops, &net_filter_dump_ops, &net_filter_mirror_ops,
    &net_filter_redirector_ops, &net_filter_replay_ops,
    &net_filter_rewriter_ops, NULL,
};

/* One entry of the registry: a filter, or an object with no network role. */
typedef struct NetObject {
    char *type;
    NetFilter *filter;
} NetObject;

typedef struct NetObjects {
    GHashTable *by_id;             /* id -> NetObject */
    ChardevRegistry *chardevs;     /* NULL: ctx->chardevs */
} NetObjects;

static void object_entry_free(gpointer data)
{
    NetObject *obj = data;
    g_free(obj->type);
    g_free(obj);
}

static NetObjects *registry(QnetContext *ctx)
{
    if (!ctx->filters) {
        NetObjects *objs = g_new0(NetObjects, 1);
        objs->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            object_entry_free);
        ctx->filters = objs;
    }
    return ctx->filters;
}

static NetObject *lookup(QnetContext *ctx, const char *id)
{
    NetObjects *objs = ctx->filters;
    return objs && id ? g_hash_table_lookup(objs->by_id, id) : NULL;
}

/* lookup(), or NULL with QEMU's "Device '%s' not found". */
static NetObject *lookup_or_error(QnetContext *ctx, const char *id,
                                  Error **errp)
{
    NetObject *obj = lookup(ctx, id);
    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  id);
    }
    return obj;
}

/* Frees the registry once nothing needs it (no objects, no chardevs). */
static void registry_maybe_free(QnetContext *ctx)
{
    NetObjects *objs = ctx->filters;
    if (objs && !objs->chardevs && !g_hash_table_size(objs->by_id)) {
        g_hash_table_unref(objs->by_id);
        g_free(objs);
        ctx->filters = NULL;
    }
}

static bool register_id(QnetContext *ctx, const char *id, const char *type,
                        NetFilter *nf, Error **errp)
{
    if (lookup(ctx, id)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type 'container')", id);
        return false;
    }
    NetObject *obj = g_new0(NetObject, 1);
    obj->type = g_strdup(type);
    obj->filter = nf;
    g_hash_table_insert(registry(ctx)->by_id, g_strdup(id), obj);
    return true;
}

void net_filter_object_forget(QnetContext *ctx, const char *id)
{
    NetObjects *objs = ctx->filters;
    if (objs && id) {
        g_hash_table_remove(objs->by_id, id);
        registry_maybe_free(ctx);
    }
}

static const NetFilterOps *find_type(const char *type)
{
    for (const NetFilterOps *const *t = net_filter_types; *t; t++) {
        if (strcmp((*t)->type, type) == 0) {
            return *t;
        }
    }
    return NULL;
}

static NetFilter *filter_new(QnetContext *ctx, const NetFilterOps *ops,
                             const char *id)
{
    NetFilter *nf = g_malloc0(ops->size);
    nf->ops = ops;
    nf->ctx = ctx;
    nf->id = g_strdup(id);
    nf->on = true;
    nf->position = g_strdup("tail");
    nf->direction = NET_FILTER_DIRECTION_ALL;
    if (ops->init) {
        ops->init(nf);
    }
    return nf;
}

static bool apply_props(NetFilter *nf, const NetFilterProp *props,
                        JsonObject *members, Error **errp)
{
    for (const NetFilterProp *p = props; p && p->name; p++) {
        JsonNode *node = json_object_get_member(members, p->name);
        NetFilterValue v;
        if (node && (!net_filter_value_from_json(p, node, &v, errp) ||
                     !net_filter_prop_store(nf, p, &v, errp))) {
            return false;
        }
    }
    return true;
}

/* QEMU looks the netdev up among all clients of that name but NICs. */
static NetClient *find_backend(QnetContext *ctx, const char *name,
                               Error **errp)
{
    NetClient *found = NULL;
    unsigned queues = 0;

    for (GList *l = ctx->clients.head; l && name; l = l->next) {
        NetClient *nc = l->data;
        if (!nc->is_nic && strcmp(nc->name, name) == 0) {
            found = found ? found : nc;
            queues++;
        }
    }
    if (!found) {
        error_setg(errp, "Parameter 'netdev' expects a network backend id");
        return NULL;
    }
    if (queues > 1) {
        error_setg(errp, "multiqueue is not supported");
        return NULL;
    }
    if (g_str_has_prefix(found->info->type, "vhost-")) {
        error_setg(errp, "Vhost is not supported");
        return NULL;
    }
    return found;
}

/* Resolves position=: *@target stays NULL for head and tail. */
static bool find_position(NetFilter *nf, NetClient *netdev,
                          NetFilter **target, Error **errp)
{
    const char *pos = nf->position;

    *target = NULL;
    if (strcmp(pos, "head") == 0 || strcmp(pos, "tail") == 0) {
        return true;
    }
    if (!g_str_has_prefix(pos, "id=")) {
        error_setg(errp, "Parameter 'position' expects 'head', 'tail' or "
                   "'id=<id>'");
        return false;
    }
    NetObject *obj = lookup(nf->ctx, pos + 3);
    if (!obj) {
        error_setg(errp, "filter '%s' not found", pos + 3);
        return false;
    }
    /* A non-filter object, or this very filter (not in a chain yet). */
    if (!obj->filter || obj->filter->netdev != netdev) {
        error_setg(errp, "filter '%s' belongs to a different netdev",
                   pos + 3);
        return false;
    }
    *target = obj->filter;
    return true;
}

static void chain_insert(NetFilter *nf, NetFilter *target)
{
    GQueue *chain = &nf->netdev->filters;

    if (target) {
        GList *at = g_queue_find(chain, target);
        if (nf->insert_before) {
            g_queue_insert_before(chain, at, nf);
        } else {
            g_queue_insert_after(chain, at, nf);
        }
    } else if (strcmp(nf->position, "head") == 0) {
        g_queue_push_head(chain, nf);
    } else {
        g_queue_push_tail(chain, nf);
    }
}

/* QEMU's netfilter "complete": after the properties and the id. */
static bool filter_complete(NetFilter *nf, Error **errp)
{
    NetFilter *target;
    NetClient *netdev = find_backend(nf->ctx, nf->netdev_id, errp);

    if (!netdev || !find_position(nf, netdev, &target, errp)) {
        return false;
    }
    nf->netdev = netdev;
    if (nf->ops->setup && !nf->ops->setup(nf, errp)) {
        return false;
    }
    chain_insert(nf, target);
    return true;
}

static bool filter_add(QnetContext *ctx, const NetFilterOps *ops,
                       const char *id, JsonObject *props, Error **errp)
{
    NetFilter *nf = filter_new(ctx, ops, id);

    if (!apply_props(nf, net_filter_base_props, props, errp) ||
        !apply_props(nf, ops->props, props, errp) ||
        !register_id(ctx, id, ops->type, nf, errp)) {
        nf->netdev = NULL;
        net_filter_destroy(nf);
        return false;
    }
    if (!filter_complete(nf, errp)) {
        net_filter_object_forget(ctx, id);
        net_filter_destroy(nf);
        return false;
    }
    return true;
}

bool net_filter_object_add(QnetContext *ctx, JsonObject *props, Error **errp)
{
    const char *type = qapi_get_str(props, "qom-type", "");
    const char *id = qapi_get_str(props, "id", "");

    if (!qapi_object_check_id(id, errp)) {
        return false;
    }
    const NetFilterOps *ops = find_type(type);
    if (ops) {
        return filter_add(ctx, ops, id, props, errp);
    }
    if (strcmp(type, "iothread") == 0) {
        /* qnet has one main loop; the iothread only reserves its id. */
        return register_id(ctx, id, type, NULL, errp);
    }
    error_setg(errp, "qom-type '%s' is not supported by qnet", type);
    return false;
}

bool net_filter_object_del(QnetContext *ctx, const char *id, Error **errp)
{
    NetObject *obj = lookup(ctx, id);

    if (!obj) {
        error_setg(errp, "object '%s' not found", id);
        return false;
    }
    NetFilter *nf = obj->filter;
    net_filter_object_forget(ctx, id);
    if (nf) {
        net_filter_destroy(nf);
    }
    return true;
}

bool net_filter_object_exists(QnetContext *ctx, const char *id)
{
    return lookup(ctx, id) != NULL;
}

NetFilter *net_filter_object_find(QnetContext *ctx, const char *id)
{
    NetObject *obj = lookup(ctx, id);
    return obj ? obj->filter : NULL;
}

/* qom-get/qom-set's lookup: the object, then the property. */
static NetObject *find_prop(QnetContext *ctx, const char *id,
                            const char *name, const NetFilterProp **prop,
                            Error **errp)
{
    NetObject *obj = lookup_or_error(ctx, id, errp);

    *prop = NULL;
    if (!obj) {
        return NULL;
    }
    if (strcmp(name, "type") == 0) {
        return obj;
    }
    *prop = obj->filter ? net_filter_prop_find(obj->filter, name) : NULL;
    if (!*prop) {
        error_setg(errp, "Property '%s.%s' not found", obj->type, name);
        return NULL;
    }
    return obj;
}

bool net_filter_set_status(QnetContext *ctx, const char *id, bool on,
                           Error **errp)
{
    const NetFilterProp *prop;
    NetObject *obj = find_prop(ctx, id, "status", &prop, errp);
    NetFilterValue v = { .s = on ? "on" : "off" };

    return obj && net_filter_prop_store(obj->filter, prop, &v, errp);
}

bool net_filter_get_status(QnetContext *ctx, const char *id, bool *on,
                           Error **errp)
{
    const NetFilterProp *prop;
    NetObject *obj = find_prop(ctx, id, "status", &prop, errp);

    if (!obj) {
        return false;
    }
    *on = obj->filter->on;
    return true;
}

JsonNode *net_filter_object_get_prop(QnetContext *ctx, const char *id,
                                     const char *name, Error **errp)
{
    const NetFilterProp *prop;
    NetObject *obj = find_prop(ctx, id, name, &prop, errp);

    if (!obj) {
        return NULL;
    }
    if (!prop) {
        return json_node_init_string(json_node_alloc(), obj->type);
    }
    return net_filter_prop_get(obj->filter, prop);
}

static NetObject *find_writable(QnetContext *ctx, const char *id,
                                const char *name, const NetFilterProp **prop,
                                Error **errp)
{
    NetObject *obj = find_prop(ctx, id, name, prop, errp);

    if (obj && !*prop) {
        error_setg(errp, "Property '%s.type' is not writable", obj->type);
        return NULL;
    }
    return obj;
}

bool net_filter_object_set_prop_json(QnetContext *ctx, const char *id,
                                     const char *name, JsonNode *value,
                                     Error **errp)
{
    const NetFilterProp *prop;
    NetObject *obj = find_writable(ctx, id, name, &prop, errp);
    NetFilterValue v;

    return obj && net_filter_value_from_json(prop, value, &v, errp) &&
           net_filter_prop_store(obj->filter, prop, &v, errp);
}

bool net_filter_object_set_prop_str(QnetContext *ctx, const char *id,
                                    const char *name, const char *value,
                                    Error **errp)
{
    const NetFilterProp *prop;
    NetObject *obj = find_writable(ctx, id, name, &prop, errp);
    NetFilterValue v;

    return obj && net_filter_value_from_str(prop, value, &v, errp) &&
           net_filter_prop_store(obj->filter, prop, &v, errp);
}

char *net_filter_object_stats(QnetContext *ctx, const char *id, Error **errp)
{
    NetObject *obj = lookup_or_error(ctx, id, errp);

    if (!obj) {
        return NULL;
    }
    GString *out = g_string_new(NULL);
    if (obj->filter && obj->filter->ops->stats) {
        obj->filter->ops->stats(obj->filter, out);
    }
    return g_string_free(out, FALSE);
}

static void list_reversed(const NetFilterProp *props, GString *out)
{
    int n = 0;
    while (props && props[n].name) {
        n++;
    }
    for (int i = n - 1; i >= 0; i--) {
        g_string_append_printf(out, "%s (%s)\n", props[i].name,
                               props[i].qom_type);
    }
}

char *net_filter_object_list_props(QnetContext *ctx, const char *id,
                                   Error **errp)
{
    NetObject *obj = lookup_or_error(ctx, id, errp);

    if (!obj) {
        return NULL;
    }
    GString *out = g_string_new("type (string)\n");
    if (obj->filter) {
        list_reversed(net_filter_base_props, out);
        list_reversed(obj->filter->ops->props, out);
    }
    return g_string_free(out, FALSE);
}

void net_filter_set_chardevs(QnetContext *ctx, ChardevRegistry *chardevs)
{
    registry(ctx)->chardevs = chardevs;
    registry_maybe_free(ctx);
}

ChardevRegistry *net_filter_chardevs(QnetContext *ctx)
{
    NetObjects *objs = ctx->filters;
    return objs && objs->chardevs ? objs->chardevs : ctx->chardevs;
}

void net_filter_objects_free(QnetContext *ctx)
{
    NetObjects *objs = ctx->filters;
    if (!objs) {
        return;
    }
    GList *ids = g_hash_table_get_keys(objs->by_id);
    for (GList *l = ids; l; l = l->next) {
        g_autofree char *id = g_strdup(l->data);
        net_filter_object_del(ctx, id, NULL);
    }
    g_list_free(ids);
    objs = ctx->filters;
    if (objs) {
        objs->chardevs = NULL;
        registry_maybe_free(ctx);
    }
}
