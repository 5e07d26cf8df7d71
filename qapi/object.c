/* object.c: -object, object_add (HMP) and object-add (QMP) to typed ObjectOptions, with QEMU's errors. */
#include "qapi/object.h"

#include <string.h>

#include "qapi/json-parser.h"
#include "qapi/read-opts.h"
#include "qapi/read-tree.h"
#include "qapi/schema-types.h"
#include "util/keyval.h"

/* Sorted, as QEMU's "-object help" prints the types. */
static const char *const help_types[] = {
    "colo-compare", "filter-buffer", "filter-dump", "filter-mirror",
    "filter-redirector", "filter-replay", "filter-rewriter", "iothread", NULL,
};

const char *const *qapi_object_help_types(void)
{
    return help_types;
}

bool qapi_object_type_supported(const char *type)
{
    return g_strv_contains(help_types, type);
}

static JsonObject *walk(QapiReader *r, Error **errp)
{
    JsonNode *node = qapi_walk(r, &qapi_ObjectOptions, errp);
    qapi_reader_free(r);
    if (!node) {
        return NULL;
    }
    JsonObject *obj = json_object_ref(json_node_get_object(node));
    json_node_unref(node);
    return obj;
}

JsonObject *qapi_object_from_opts(QemuOpts *opts, QemuOptsWarnFunc *warn,
                                  void *opaque, Error **errp)
{
    /* QEMU's -object checks this itself before visiting, same words. */
    if (!qemu_opts_get(opts, "qom-type")) {
        error_setg(errp, "Parameter 'qom-type' is missing");
        return NULL;
    }
    return walk(qapi_opts_reader_new(opts, false, warn, opaque), errp);
}

JsonObject *qapi_object_from_str(const char *arg, bool *help,
                                 QemuOptsWarnFunc *warn, void *opaque,
                                 Error **errp)
{
    bool keyval = arg[0] != '{';
    bool want_help = false;
    JsonNode *root;

    if (!keyval) {
        root = qapi_json_parse(arg, errp);
    } else {
        JsonObject *tree = keyval_parse(arg, "qom-type",
                                        help ? &want_help : NULL, errp);
        root = tree ? json_node_init_object(json_node_alloc(), tree) : NULL;
        if (tree) {
            json_object_unref(tree);
        }
    }
    if (help) {
        *help = want_help;
    }
    if (!root || want_help) {
        if (root) {
            json_node_unref(root);
        }
        return NULL;
    }
    JsonObject *obj = walk(qapi_tree_reader_new(root, keyval, warn, opaque),
                           errp);
    json_node_unref(root);
    return obj;
}

JsonObject *qapi_object_from_json(JsonNode *node, Error **errp)
{
    JsonObject *obj = walk(qapi_tree_reader_new(node, false, NULL, NULL),
                           errp);

    if (obj && !qapi_object_check_id(json_object_get_string_member(obj, "id"),
                                     errp)) {
        json_object_unref(obj);
        return NULL;
    }
    return obj;
}

bool qapi_object_check_id(const char *id, Error **errp)
{
    if (qemu_id_wellformed(id)) {
        return true;
    }
    error_setg(errp, "Parameter 'id' expects an identifier");
    error_append_hint(errp, "Identifiers consist of letters, digits, "
                      "'-', '.', '_', starting with a letter.\n");
    return false;
}

static void collect_props(const QapiType *t, GPtrArray *lines)
{
    if (t->base) {
        collect_props(t->base, lines);
    }
    for (const QapiMember *m = t->members; m->name; m++) {
        if (m->qom_type) {
            g_ptr_array_add(lines, g_strdup_printf("  %s=<%s>\n", m->name,
                                                   m->qom_type));
        }
    }
}

static gint compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *qapi_object_help_props(const char *type)
{
    const QapiVariant *v = qapi_union_variant(&qapi_ObjectOptions, type);

    if (!v || !v->type) {
        return NULL;
    }
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    collect_props(v->type, lines);
    g_ptr_array_sort(lines, compare_lines);
    GString *out = g_string_new(NULL);
    if (!lines->len) {
        g_string_append_printf(out, "There are no options for %s.\n", type);
    } else {
        g_string_append_printf(out, "%s options:\n", type);
    }
    for (guint i = 0; i < lines->len; i++) {
        g_string_append(out, lines->pdata[i]);
    }
    g_ptr_array_free(lines, TRUE);
    return g_string_free(out, FALSE);
}
