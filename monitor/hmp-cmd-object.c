/* hmp-cmd-object.c: HMP commands on user-creatable objects (filters): object_add/del, qom-get/set/list. */
#include "monitor/hmp-cmd-object.h"

#include <string.h>

#include "monitor/qmp-json.h"
#include "net/context.h"
#include "net/filter-object.h"
#include "qapi/json-parser.h"
#include "qapi/object.h"

static void list_types(GString *out)
{
    g_string_append(out, "List of user creatable objects:\n");
    for (const char *const *t = qapi_object_help_types(); *t; t++) {
        g_string_append_printf(out, "  %s\n", *t);
    }
}

/* "object_add help", "TYPE,help": QEMU lists the types or the options. */
static void object_help(const char *arg, GString *out)
{
    g_autofree char *type = g_strndup(arg, strcspn(arg, ","));
    g_autofree char *props = qapi_object_help_props(type);
    if (props) {
        g_string_append(out, props);
    } else {
        list_types(out);
    }
}

static void warn_to_log(void *opaque, const char *message)
{
    qnet_log(opaque, QNET_LOG_WARNING, NULL, "%s", message);
}

void hmp_object_add(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    if (!*args->v[0]) {
        g_string_append(res->out, "object_add: string expected\n"
                        "Try \"help object_add\" for more information\n");
        return;
    }
    Error *err = NULL;
    bool help = false;
    g_autoptr(JsonObject) props = qapi_object_from_str(args->v[0], &help,
                                                       warn_to_log, ctx,
                                                       &err);
    if (help) {
        object_help(args->v[0], res->out);
        return;
    }
    if (!props || !qapi_object_check_id(
                      json_object_get_string_member(props, "id"), &err) ||
        !net_filter_object_add(ctx, props, &err)) {
        hmp_print_error(res, err);
    }
}

void hmp_object_del(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    Error *err = NULL;
    if (!net_filter_object_del(ctx, args->v[0], &err)) {
        hmp_print_error(res, err);
    }
}

/* HMP takes the same paths as QMP: "ID" or "/objects/ID". */
static const char *object_id(QnetContext *ctx, const char *path,
                             HmpResult *res)
{
    const char *id = g_str_has_prefix(path, "/objects/")
                         ? path + strlen("/objects/") : path;
    if (!*id || strchr(id, '/') || !net_filter_object_exists(ctx, id)) {
        g_string_append_printf(res->out, "Error: Device '%s' not found\n",
                               path);
        return NULL;
    }
    return id;
}

void hmp_qom_get(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    const char *id = object_id(ctx, args->v[0], res);
    if (!id) {
        return;
    }
    Error *err = NULL;
    g_autoptr(JsonNode) value = net_filter_object_get_prop(ctx, id,
                                                           args->v[1], &err);
    if (!value) {
        hmp_print_error(res, err);
        return;
    }
    qmp_json_append(res->out, value, true);
    g_string_append_c(res->out, '\n');
}

/*
 * "qom-set [-j] path property value", parsed with spec "sssO": with -j the
 * value is the JSON text in the rest of the line.
 */
void hmp_qom_set(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    bool json = strcmp(args->v[0], "-j") == 0;
    const char *path = args->v[json ? 1 : 0];
    const char *prop = args->v[json ? 2 : 1];
    const char *value = json ? args->v[3] : args->v[2];
    if (!*value || (!json && *args->v[3])) {
        g_string_append(res->out, "qom-set: string expected\n"
                        "Try \"help qom-set\" for more information\n");
        return;
    }
    const char *id = object_id(ctx, path, res);
    if (!id) {
        return;
    }
    Error *err = NULL;
    bool ok;
    if (json) {
        g_autoptr(JsonNode) node = qapi_json_parse(value, &err);
        ok = node && net_filter_object_set_prop_json(ctx, id, prop, node,
                                                     &err);
    } else {
        ok = net_filter_object_set_prop_str(ctx, id, prop, value, &err);
    }
    if (!ok) {
        hmp_print_error(res, err);
    }
}

void hmp_qom_list(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    const char *id = object_id(ctx, args->v[0], res);
    if (!id) {
        return;
    }
    Error *err = NULL;
    g_autofree char *text = net_filter_object_list_props(ctx, id, &err);
    if (!text) {
        hmp_print_error(res, err);
        return;
    }
    g_string_append(res->out, text);
}
