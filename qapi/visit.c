/* visit.c: walks a schema type, reading each member from an input, in QEMU's order. */
#include "qapi/visit.h"

static JsonNode *walk_value(QapiReader *r, const char *name,
                            const QapiType *t, Error **errp);

/* QEMU names list elements and other unnamed values "null" in errors. */
static const char *or_null(const char *name)
{
    return name ? name : "null";
}

static JsonNode *walk_int(QapiReader *r, const char *name, const QapiType *t,
                          Error **errp)
{
    int64_t v;

    if (!r->ops->read_int64(r, name, &v, errp)) {
        return NULL;
    }
    if (t->range_name && (v < t->min || v > (int64_t)t->max)) {
        error_setg(errp, "Parameter '%s' expects %s", or_null(name),
                   t->range_name);
        return NULL;
    }
    return json_node_init_int(json_node_alloc(), v);
}

static JsonNode *walk_uint(QapiReader *r, const char *name, const QapiType *t,
                           Error **errp)
{
    uint64_t v;
    bool ok = t->kind == QAPI_KIND_SIZE
                  ? r->ops->read_size(r, name, &v, errp)
                  : r->ops->read_uint64(r, name, &v, errp);

    if (!ok) {
        return NULL;
    }
    if (t->range_name && v > t->max) {
        error_setg(errp, "Parameter '%s' expects %s", or_null(name),
                   t->range_name);
        return NULL;
    }
    return json_node_init_int(json_node_alloc(), (gint64)v);
}

static JsonNode *walk_scalar(QapiReader *r, const char *name,
                             const QapiType *t, Error **errp)
{
    g_autofree char *s = NULL;
    bool b;

    switch (t->kind) {
    case QAPI_KIND_BOOL:
        if (!r->ops->read_bool(r, name, &b, errp)) {
            return NULL;
        }
        return json_node_init_boolean(json_node_alloc(), b);
    case QAPI_KIND_INT:
        return walk_int(r, name, t, errp);
    case QAPI_KIND_UINT:
    case QAPI_KIND_SIZE:
        return walk_uint(r, name, t, errp);
    default:
        break;
    }
    if (!r->ops->read_str(r, name, &s, errp)) {
        return NULL;
    }
    if (t->kind == QAPI_KIND_ENUM && !qapi_enum_has(t, s)) {
        error_setg(errp, "Parameter '%s' does not accept value '%s'",
                   or_null(name), s);
        return NULL;
    }
    return json_node_init_string(json_node_alloc(), s);
}

static bool walk_members(QapiReader *r, const QapiType *t, JsonObject *obj,
                         Error **errp);

/* Adds the members of the union branch chosen by @obj's tag. */
static bool walk_variant(QapiReader *r, const QapiType *t, JsonObject *obj,
                         Error **errp)
{
    const char *tag = json_object_get_string_member(obj, t->discriminator);
    const QapiVariant *v = qapi_union_variant(t, tag);

    if (v && (v->flags & QAPI_VARIANT_UNSUPPORTED)) {
        error_setg(errp, "%s '%s' is not supported by qnet",
                   t->discriminator, tag);
        return false;
    }
    return !v || !v->type || walk_members(r, v->type, obj, errp);
}

static bool walk_members(QapiReader *r, const QapiType *t, JsonObject *obj,
                         Error **errp)
{
    if (t->base && !walk_members(r, t->base, obj, errp)) {
        return false;
    }
    for (const QapiMember *m = t->members; m && m->name; m++) {
        if (m->optional && !r->ops->present(r, m->name)) {
            continue;
        }
        JsonNode *node = walk_value(r, m->name, m->type, errp);
        if (!node) {
            return false;
        }
        json_object_set_member(obj, m->name, node);
    }
    return !t->discriminator || walk_variant(r, t, obj, errp);
}

static JsonNode *walk_struct(QapiReader *r, const char *name,
                             const QapiType *t, Error **errp)
{
    if (!r->ops->start_struct(r, name, errp)) {
        return NULL;
    }
    JsonObject *obj = json_object_new();
    bool ok = walk_members(r, t, obj, errp) && r->ops->check_struct(r, errp);
    r->ops->end_struct(r);
    JsonNode *node = ok ? json_node_init_object(json_node_alloc(), obj) : NULL;
    json_object_unref(obj);
    return node;
}

static JsonNode *walk_list(QapiReader *r, const char *name, const QapiType *t,
                           Error **errp)
{
    if (!r->ops->start_list(r, name, errp)) {
        return NULL;
    }
    JsonArray *array = json_array_new();
    bool ok = true;
    while (ok && r->ops->next_element(r)) {
        JsonNode *elt = walk_value(r, NULL, t->element, errp);
        if (elt) {
            json_array_add_element(array, elt);
        }
        ok = elt != NULL;
    }
    r->ops->end_list(r);
    JsonNode *node = ok ? json_node_init_array(json_node_alloc(), array) : NULL;
    json_array_unref(array);
    return node;
}

static JsonNode *walk_value(QapiReader *r, const char *name,
                            const QapiType *t, Error **errp)
{
    switch (t->kind) {
    case QAPI_KIND_STRUCT:
        return walk_struct(r, name, t, errp);
    case QAPI_KIND_LIST:
        return walk_list(r, name, t, errp);
    default:
        return walk_scalar(r, name, t, errp);
    }
}

JsonNode *qapi_walk(QapiReader *r, const QapiType *type, Error **errp)
{
    return walk_value(r, NULL, type, errp);
}

void qapi_reader_free(QapiReader *r)
{
    if (r) {
        r->ops->free(r);
    }
}
