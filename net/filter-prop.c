/* filter-prop.c: filter properties: storage, QEMU's value conversions and checks, rendering. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "net/filter.h"

/*
 * `info network` order; qom-list shows the reverse (QEMU lists the newest
 * property first in one and last in the other).
 */
const NetFilterProp net_filter_base_props[] = {
    { "position", "string", NET_FILTER_PROP_STR,
      offsetof(NetFilter, position), NULL },
    { "status", "string", NET_FILTER_PROP_STATUS, offsetof(NetFilter, on),
      NULL },
    { "insert", "string", NET_FILTER_PROP_INSERT,
      offsetof(NetFilter, insert_before), NULL },
    { "netdev", "string", NET_FILTER_PROP_STR,
      offsetof(NetFilter, netdev_id), NULL },
    { "queue", "NetFilterDirection", NET_FILTER_PROP_QUEUE,
      offsetof(NetFilter, direction), NULL },
    { NULL },
};

static const char *const queue_names[] = { "all", "rx", "tx" };

const NetFilterProp *net_filter_prop_find(NetFilter *nf, const char *name)
{
    for (const NetFilterProp *p = nf->ops->props; p && p->name; p++) {
        if (strcmp(p->name, name) == 0) {
            return p;
        }
    }
    for (const NetFilterProp *p = net_filter_base_props; p->name; p++) {
        if (strcmp(p->name, name) == 0) {
            return p;
        }
    }
    return NULL;
}

static void *slot(NetFilter *nf, const NetFilterProp *prop)
{
    return G_STRUCT_MEMBER_P(nf, prop->offset);
}

void net_filter_prop_format(NetFilter *nf, const NetFilterProp *prop,
                            GString *out)
{
    void *p = slot(nf, prop);

    g_string_append_printf(out, "%s=", prop->name);
    switch (prop->kind) {
    case NET_FILTER_PROP_STR:
        g_string_append(out, *(char **)p ? *(char **)p : "");
        break;
    case NET_FILTER_PROP_UINT32:
        g_string_append_printf(out, "%u", *(uint32_t *)p);
        break;
    case NET_FILTER_PROP_BOOL:
        g_string_append(out, *(bool *)p ? "true" : "false");
        break;
    case NET_FILTER_PROP_STATUS:
        g_string_append(out, *(bool *)p ? "on" : "off");
        break;
    case NET_FILTER_PROP_INSERT:
        g_string_append(out, *(bool *)p ? "before" : "behind");
        break;
    case NET_FILTER_PROP_QUEUE:
        g_string_append(out, queue_names[*(NetFilterDirection *)p]);
        break;
    }
}

JsonNode *net_filter_prop_get(NetFilter *nf, const NetFilterProp *prop)
{
    void *p = slot(nf, prop);
    JsonNode *node = json_node_alloc();

    switch (prop->kind) {
    case NET_FILTER_PROP_UINT32:
        return json_node_init_int(node, *(uint32_t *)p);
    case NET_FILTER_PROP_BOOL:
        return json_node_init_boolean(node, *(bool *)p);
    case NET_FILTER_PROP_STR:
    case NET_FILTER_PROP_STATUS:
    case NET_FILTER_PROP_INSERT:
    case NET_FILTER_PROP_QUEUE: {
        GString *text = g_string_new(NULL);
        net_filter_prop_format(nf, prop, text);
        json_node_init_string(node, text->str + strlen(prop->name) + 1);
        g_string_free(text, TRUE);
        return node;
    }
    }
    g_assert_not_reached();
}

/*
 * status and insert are QOM string properties: any string reaches the
 * setter, which takes only two words (values of these kinds arrive as
 * text in `s` and are stored as a bool).
 */
static bool parse_two_words(const NetFilterProp *prop, const char *text,
                            bool *out, Error **errp)
{
    bool status = prop->kind == NET_FILTER_PROP_STATUS;
    const char *yes = status ? "on" : "before";
    const char *no = status ? "off" : "behind";

    if (strcmp(text, yes) == 0 || strcmp(text, no) == 0) {
        *out = strcmp(text, yes) == 0;
        return true;
    }
    error_setg(errp, "Invalid value for netfilter %s, should be '%s' or '%s'",
               prop->name, yes, no);
    return false;
}

bool net_filter_prop_store(NetFilter *nf, const NetFilterProp *prop,
                           const NetFilterValue *v, Error **errp)
{
    void *p = slot(nf, prop);
    NetFilterValue val = *v;

    if ((prop->kind == NET_FILTER_PROP_STATUS ||
         prop->kind == NET_FILTER_PROP_INSERT) &&
        !parse_two_words(prop, v->s, &val.b, errp)) {
        return false;
    }
    if (prop->check && !prop->check(nf, &val, errp)) {
        return false;
    }
    switch (prop->kind) {
    case NET_FILTER_PROP_STR:
        g_free(*(char **)p);
        *(char **)p = g_strdup(val.s);
        break;
    case NET_FILTER_PROP_UINT32:
        *(uint32_t *)p = val.u32;
        break;
    case NET_FILTER_PROP_BOOL:
    case NET_FILTER_PROP_INSERT:
        *(bool *)p = val.b;
        break;
    case NET_FILTER_PROP_STATUS: {
        bool changed = nf->on != val.b;
        nf->on = val.b;
        /* Only a filter in a chain has state to switch (QEMU: realized). */
        if (changed && nf->netdev && nf->ops->status_changed) {
            nf->ops->status_changed(nf);
        }
        break;
    }
    case NET_FILTER_PROP_QUEUE:
        *(NetFilterDirection *)p = val.dir;
        break;
    }
    return true;
}

static bool queue_from_text(const NetFilterProp *prop, const char *text,
                            NetFilterValue *v, Error **errp)
{
    for (int i = 0; i < (int)G_N_ELEMENTS(queue_names); i++) {
        if (strcmp(text, queue_names[i]) == 0) {
            v->dir = (NetFilterDirection)i;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' does not accept value '%s'", prop->name,
               text);
    return false;
}

static bool uint32_from_u64(const NetFilterProp *prop, uint64_t n,
                            NetFilterValue *v, Error **errp)
{
    if (n > UINT32_MAX) {
        error_setg(errp, "Parameter '%s' expects uint32_t", prop->name);
        return false;
    }
    v->u32 = (uint32_t)n;
    return true;
}

static bool is_text_kind(NetFilterPropKind kind)
{
    return kind != NET_FILTER_PROP_UINT32 && kind != NET_FILTER_PROP_BOOL;
}

bool net_filter_value_from_json(const NetFilterProp *prop, JsonNode *node,
                                NetFilterValue *v, Error **errp)
{
    GType vt = JSON_NODE_HOLDS_VALUE(node) ? json_node_get_value_type(node)
                                           : G_TYPE_INVALID;

    if (is_text_kind(prop->kind)) {
        if (vt != G_TYPE_STRING) {
            error_setg(errp, "Invalid parameter type for '%s', expected: "
                       "string", prop->name);
            return false;
        }
        v->s = json_node_get_string(node);
        return prop->kind != NET_FILTER_PROP_QUEUE ||
               queue_from_text(prop, v->s, v, errp);
    }
    if (prop->kind == NET_FILTER_PROP_BOOL) {
        if (vt != G_TYPE_BOOLEAN) {
            error_setg(errp, "Invalid parameter type for '%s', expected: "
                       "boolean", prop->name);
            return false;
        }
        v->b = json_node_get_boolean(node);
        return true;
    }
    if (vt != G_TYPE_INT64) {
        error_setg(errp, "Parameter '%s' expects uint64", prop->name);
        return false;
    }
    /* QEMU takes negative numbers as their 64-bit two's complement. */
    return uint32_from_u64(prop, (uint64_t)json_node_get_int(node), v, errp);
}

static bool bool_from_text(const NetFilterProp *prop, const char *text,
                           NetFilterValue *v, Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y", NULL };
    static const char *const no[] = { "off", "no", "false", "n", NULL };

    if (g_strv_contains(yes, text) || g_strv_contains(no, text)) {
        v->b = g_strv_contains(yes, text);
        return true;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", prop->name);
    return false;
}

bool net_filter_value_from_str(const NetFilterProp *prop, const char *text,
                               NetFilterValue *v, Error **errp)
{
    switch (prop->kind) {
    case NET_FILTER_PROP_BOOL:
        return bool_from_text(prop, text, v, errp);
    case NET_FILTER_PROP_QUEUE:
        return queue_from_text(prop, text, v, errp);
    case NET_FILTER_PROP_UINT32: {
        char *end = NULL;
        errno = 0;
        /* strtoull wraps "-1" as QEMU's parser does. */
        unsigned long long n = strtoull(text, &end, 0);
        if (!*text || *end || errno) {
            error_setg(errp, "Parameter '%s' expects uint64", prop->name);
            return false;
        }
        return uint32_from_u64(prop, n, v, errp);
    }
    default:
        v->s = text;
        return true;
    }
}
