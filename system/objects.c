/* objects.c: -object on the command line: parsing (QEMU's option-time errors) and creation (after the netdevs). */
#include "system/objects.h"

#include <string.h>

#include "net/filter-object.h"
#include "qapi/object.h"
#include "util/qemu-opts.h"

/* One argument to its typed object; NULL for a help request. */
static JsonObject *parse_one(QnetContext *ctx, QemuOptsList *list,
                             const char *arg, bool *failed, Error **errp)
{
    g_autofree char *location = g_strdup_printf("-object %s", arg);
    QnetLogLocation ps = { ctx, location };
    Error *err = NULL;
    JsonObject *obj = NULL;

    if (arg[0] == '{') {
        obj = qapi_object_from_str(arg, NULL, qnet_log_warning_at, &ps, &err);
    } else {
        QemuOpts *opts = qemu_opts_parse(list, arg, qnet_log_warning_at, &ps, &err);
        if (opts && (qemu_opts_wants_help(opts) ||
                     qemu_opts_has_help_opt(opts))) {
            return NULL;
        }
        obj = opts ? qapi_object_from_opts(opts, qnet_log_warning_at, &ps, &err)
                   : NULL;
    }
    if (!obj) {
        error_prepend(&err, "%s: ", location);
        error_propagate(errp, err);
        *failed = true;
    }
    return obj;
}

/* QEMU creates most objects early and the network ones late. */
static bool is_late(JsonObject *obj)
{
    const char *type = json_object_get_string_member(obj, "qom-type");
    return g_str_has_prefix(type, "filter-") ||
           strcmp(type, "colo-compare") == 0;
}

static bool create_pass(QnetContext *ctx, GPtrArray *objs, bool late,
                        Error **errp)
{
    for (guint i = 0; i < objs->len; i++) {
        JsonObject *obj = objs->pdata[i];
        if (is_late(obj) == late && !net_filter_object_add(ctx, obj, errp)) {
            return false;
        }
    }
    return true;
}

bool system_objects_create(QnetContext *ctx, GPtrArray *args, Error **errp)
{
    QemuOptsList *list = qemu_opts_list_new("object", "qom-type");
    GPtrArray *objs = g_ptr_array_new_with_free_func(
        (GDestroyNotify)json_object_unref);
    bool failed = false;

    for (guint i = 0; i < args->len && !failed; i++) {
        JsonObject *obj = parse_one(ctx, list, args->pdata[i], &failed, errp);
        if (obj) {
            g_ptr_array_add(objs, obj);
        }
    }
    bool ok = !failed && create_pass(ctx, objs, false, errp) &&
              create_pass(ctx, objs, true, errp);
    g_ptr_array_free(objs, TRUE);
    qemu_opts_list_free(list);
    return ok;
}

char *system_object_help(const char *arg)
{
    if (arg[0] == '{') {
        return NULL;
    }
    QemuOptsList *list = qemu_opts_list_new("object", "qom-type");
    QemuOpts *opts = qemu_opts_parse(list, arg, NULL, NULL, NULL);
    char *text = NULL;

    if (opts && qemu_opts_wants_help(opts)) {
        GString *out = g_string_new("List of user creatable objects:\n");
        for (const char *const *t = qapi_object_help_types(); *t; t++) {
            g_string_append_printf(out, "  %s\n", *t);
        }
        text = g_string_free(out, FALSE);
    } else if (opts && qemu_opts_has_help_opt(opts) &&
               qemu_opts_get(opts, "qom-type")) {
        text = qapi_object_help_props(qemu_opts_get(opts, "qom-type"));
    }
    qemu_opts_list_free(list);
    return text;
}
