/* qmp-args.c: checking a QMP command's arguments against its parameter list, with QEMU's errors. */
#include "monitor/qmp-args.h"

static bool node_is(JsonNode *node, GType type)
{
    return JSON_NODE_HOLDS_VALUE(node) &&
           json_node_get_value_type(node) == type;
}

static bool check_strlist(JsonNode *node, const char *name, Error **errp)
{
    if (!JSON_NODE_HOLDS_ARRAY(node)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: array",
                   name);
        return false;
    }
    JsonArray *array = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(array); i++) {
        if (!node_is(json_array_get_element(array, i), G_TYPE_STRING)) {
            error_setg(errp, "Invalid parameter type for '%s[%u]', "
                       "expected: string", name, i);
            return false;
        }
    }
    return true;
}

static bool check_one(JsonNode *node, const QmpArgSpec *p, Error **errp)
{
    static const struct {
        GType type;
        const char *name;
    } scalars[] = {
        [QMP_ARG_STR] = { G_TYPE_STRING, "string" },
        [QMP_ARG_BOOL] = { G_TYPE_BOOLEAN, "boolean" },
        [QMP_ARG_INT] = { G_TYPE_INT64, "integer" },
    };

    switch (p->type) {
    case QMP_ARG_ANY:
        return true;
    case QMP_ARG_STRLIST:
        return check_strlist(node, p->name, errp);
    default:
        if (node_is(node, scalars[p->type].type)) {
            return true;
        }
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   p->name, scalars[p->type].name);
        return false;
    }
}

static bool in_spec(const QmpArgSpec *spec, const char *name)
{
    for (const QmpArgSpec *p = spec; p && p->name; p++) {
        if (g_strcmp0(p->name, name) == 0) {
            return true;
        }
    }
    return false;
}

bool qmp_args_check(JsonObject *args, const QmpArgSpec *spec, Error **errp)
{
    for (const QmpArgSpec *p = spec; p && p->name; p++) {
        JsonNode *node = args ? json_object_get_member(args, p->name) : NULL;
        if (!node) {
            if (!p->optional) {
                error_setg(errp, "Parameter '%s' is missing", p->name);
                return false;
            }
            continue;
        }
        if (!check_one(node, p, errp)) {
            return false;
        }
    }
    if (!args) {
        return true;
    }
    JsonObjectIter iter;
    const char *name;
    JsonNode *node;
    json_object_iter_init_ordered(&iter, args);
    while (json_object_iter_next_ordered(&iter, &name, &node)) {
        if (!in_spec(spec, name)) {
            error_setg(errp, "Parameter '%s' is unexpected", name);
            return false;
        }
    }
    return true;
}

const char *qmp_arg_str(JsonObject *args, const char *name)
{
    return args && json_object_has_member(args, name)
               ? json_object_get_string_member(args, name)
               : NULL;
}

bool qmp_arg_bool(JsonObject *args, const char *name, bool def)
{
    return args && json_object_has_member(args, name)
               ? json_object_get_boolean_member(args, name)
               : def;
}

int64_t qmp_arg_int(JsonObject *args, const char *name, int64_t def)
{
    return args && json_object_has_member(args, name)
               ? json_object_get_int_member(args, name)
               : def;
}

char **qmp_arg_strv(JsonObject *args, const char *name)
{
    if (!args || !json_object_has_member(args, name)) {
        return NULL;
    }
    JsonArray *array = json_object_get_array_member(args, name);
    guint n = json_array_get_length(array);
    char **v = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++) {
        v[i] = g_strdup(json_array_get_string_element(array, i));
    }
    return v;
}
