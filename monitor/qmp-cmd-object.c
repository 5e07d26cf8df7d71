/* qmp-cmd-object.c: QMP commands on user-creatable objects (filters): object-add/del, qom-get/set. */
#include "monitor/qmp-commands.h"

#include <string.h>

#include "net/filter-object.h"
#include "qapi/object.h"

/* QEMU's /objects container: "ID" (a partial path) or "/objects/ID". */
static const char *object_id_from_path(QnetContext *ctx, const char *path,
                                       Error **errp)
{
    const char *id = g_str_has_prefix(path, "/objects/")
                         ? path + strlen("/objects/") : path;
    if (!*id || strchr(id, '/') || !net_filter_object_exists(ctx, id)) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", path);
        return NULL;
    }
    return id;
}

static JsonNode *qmp_object_add(QnetContext *ctx, JsonObject *args,
                                Error **errp)
{
    g_autoptr(JsonNode) node = qmp_args_node(args);
    g_autoptr(JsonObject) props = qapi_object_from_json(node, errp);
    if (!props || !net_filter_object_add(ctx, props, errp)) {
        return NULL;
    }
    return qmp_return_empty();
}

static JsonNode *qmp_object_del(QnetContext *ctx, JsonObject *args,
                                Error **errp)
{
    if (!net_filter_object_del(ctx, qmp_arg_str(args, "id"), errp)) {
        return NULL;
    }
    return qmp_return_empty();
}

static JsonNode *qmp_qom_get(QnetContext *ctx, JsonObject *args,
                             Error **errp)
{
    const char *id = object_id_from_path(ctx, qmp_arg_str(args, "path"),
                                         errp);
    if (!id) {
        return NULL;
    }
    return net_filter_object_get_prop(ctx, id,
                                      qmp_arg_str(args, "property"), errp);
}

static JsonNode *qmp_qom_set(QnetContext *ctx, JsonObject *args,
                             Error **errp)
{
    const char *id = object_id_from_path(ctx, qmp_arg_str(args, "path"),
                                         errp);
    if (!id || !net_filter_object_set_prop_json(
                   ctx, id, qmp_arg_str(args, "property"),
                   json_object_get_member(args, "value"), errp)) {
        return NULL;
    }
    return qmp_return_empty();
}

static const QmpArgSpec get_args[] = {
    { "path", QMP_ARG_STR, false },
    { "property", QMP_ARG_STR, false },
    { NULL },
};

static const QmpArgSpec set_args[] = {
    { "path", QMP_ARG_STR, false },
    { "property", QMP_ARG_STR, false },
    { "value", QMP_ARG_ANY, false },
    { NULL },
};

const QmpCommand qmp_object_commands[] = {
    { "object-add", NULL, true, qmp_object_add },
    { "object-del", qmp_id_args, false, qmp_object_del },
    { "qom-get", get_args, false, qmp_qom_get },
    { "qom-set", set_args, false, qmp_qom_set },
    { NULL },
};
