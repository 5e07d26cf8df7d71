/* netdev.c: -netdev, -net, -nic, netdev_add (HMP and QMP) to typed Netdev objects, with QEMU's errors. */
#include "qapi/netdev.h"

#include <inttypes.h>
#include <string.h>

#include "qapi/json-parser.h"
#include "qapi/numbers.h"
#include "qapi/read-opts.h"
#include "qapi/read-tree.h"
#include "qapi/schema-types.h"
#include "util/keyval.h"

/* -netdev help order; netmap is described but, as in Debian, not built. */
static const char *const help_types[] = {
    "socket", "stream", "dgram", "hubport", "tap", "user", "l2tpv3", "vde",
    "bridge", "vhost-user", "vhost-vdpa", NULL,
};

const char *const *qapi_netdev_help_types(void)
{
    return help_types;
}

bool qapi_netdev_type_compiled(const char *type)
{
    return g_strv_contains(help_types, type);
}

/* A private copy of @opts, in a list of its own, to rewrite freely. */
static QemuOpts *copy_opts(const QemuOpts *opts, QemuOptsList **scratch)
{
    *scratch = qemu_opts_list_new(qemu_opts_list_name(qemu_opts_get_list(opts)),
                                  NULL);
    QemuOpts *copy = qemu_opts_create(*scratch, NULL, NULL);
    qemu_opts_set_id(copy, qemu_opts_id(opts));
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        qemu_opts_append(copy, qemu_opts_key(opts, i),
                         qemu_opts_value(opts, i));
    }
    return copy;
}

/* QEMU's convenience form ipv6-net=PREFIX[/LEN] (LEN defaults to 64). */
static bool rewrite_ipv6_net(QemuOpts *opts, Error **errp)
{
    const char *net = qemu_opts_get(opts, "ipv6-net");
    uint64_t len = 64;

    if (!net) {
        return true;
    }
    g_auto(GStrv) parts = g_strsplit(net, "/", 2);
    if (!parts[0]) {
        error_setg(errp, "Parameter 'ipv6-net' expects a valid IPv6 prefix");
        return false;
    }
    if (parts[1] && qapi_strtou64(parts[1], 10, &len) < 0) {
        error_setg(errp, "Parameter 'ipv6-prefixlen' expects a number");
        return false;
    }
    g_autofree char *len_text = g_strdup_printf("%" PRId64, (int64_t)len);
    qemu_opts_append(opts, "ipv6-prefix", parts[0]);
    qemu_opts_append(opts, "ipv6-prefixlen", len_text);
    qemu_opts_unset(opts, "ipv6-net");
    return true;
}

static JsonObject *take_object(JsonNode *node)
{
    if (!node) {
        return NULL;
    }
    JsonObject *obj = json_object_ref(json_node_get_object(node));
    json_node_unref(node);
    return obj;
}

/*
 * Converts a private copy of some options, as QEMU's net_client_init():
 * ipv6-net first, then the opts visitor.  @optional_id: -net and -nic.
 */
static JsonObject *convert_opts(QemuOpts *copy, bool optional_id,
                                QemuOptsWarnFunc *warn, void *opaque,
                                Error **errp)
{
    if (!rewrite_ipv6_net(copy, errp)) {
        return NULL;
    }
    QapiReader *r = qapi_opts_reader_new(copy, optional_id, warn, opaque);
    JsonObject *obj = take_object(qapi_walk(r, &qapi_Netdev, errp));
    qapi_reader_free(r);
    if (obj && !qemu_opts_id(copy)) {
        json_object_remove_member(obj, "id");
    }
    return obj;
}

static JsonObject *from_opts(QemuOpts *opts, bool optional_id,
                             QemuOptsWarnFunc *warn, void *opaque,
                             Error **errp)
{
    QemuOptsList *scratch;
    QemuOpts *copy = copy_opts(opts, &scratch);
    JsonObject *obj = convert_opts(copy, optional_id, warn, opaque, errp);
    qemu_opts_list_free(scratch);
    return obj;
}

JsonObject *qapi_netdev_from_opts_warn(QemuOpts *opts, QemuOptsWarnFunc *warn,
                                       void *opaque, Error **errp)
{
    return from_opts(opts, false, warn, opaque, errp);
}

JsonObject *qapi_netdev_from_opts(QemuOpts *opts, Error **errp)
{
    return from_opts(opts, false, NULL, NULL, errp);
}

JsonObject *qapi_netlegacy_from_opts_warn(QemuOpts *opts,
                                          QemuOptsWarnFunc *warn,
                                          void *opaque, Error **errp)
{
    return from_opts(opts, true, warn, opaque, errp);
}

JsonObject *qapi_netlegacy_from_opts(QemuOpts *opts, Error **errp)
{
    return from_opts(opts, true, NULL, NULL, errp);
}

void qapi_nic_split(QemuOpts *opts, char **model, char **mac)
{
    if (!qemu_opts_get(opts, "type")) {
        qemu_opts_append(opts, "type", "user");
    }
    *model = qemu_opts_get_del(opts, "model");
    *mac = qemu_opts_get_del(opts, "mac");
}

static JsonObject *nic_none(const QemuOpts *opts)
{
    JsonObject *obj = json_object_new();
    if (qemu_opts_id(opts)) {
        json_object_set_string_member(obj, "id", qemu_opts_id(opts));
    }
    json_object_set_string_member(obj, "type", "none");
    return obj;
}

JsonObject *qapi_nic_from_opts_warn(QemuOpts *opts, QemuOptsWarnFunc *warn,
                                    void *opaque, Error **errp)
{
    const char *type = qemu_opts_get(opts, "type");
    g_autofree char *model = NULL, *mac = NULL;

    if (type && strcmp(type, "none") == 0) {
        return nic_none(opts);
    }
    QemuOptsList *scratch;
    QemuOpts *copy = copy_opts(opts, &scratch);
    qapi_nic_split(copy, &model, &mac);
    JsonObject *obj = convert_opts(copy, true, warn, opaque, errp);
    qemu_opts_list_free(scratch);
    if (obj && model) {
        json_object_set_string_member(obj, "model", model);
    }
    if (obj && mac) {
        json_object_set_string_member(obj, "mac", mac);
    }
    return obj;
}

JsonObject *qapi_nic_from_opts(QemuOpts *opts, Error **errp)
{
    return qapi_nic_from_opts_warn(opts, NULL, NULL, errp);
}

bool qapi_netdev_is_modern(const char *arg)
{
    if (arg[0] == '{') {
        return true;
    }
    g_autofree char *type = qemu_opts_peek(arg, "type", "type");
    return type && (strcmp(type, "stream") == 0 || strcmp(type, "dgram") == 0);
}

static JsonObject *from_tree(JsonNode *root, bool keyval,
                             QemuOptsWarnFunc *warn, void *opaque,
                             Error **errp)
{
    QapiReader *r = qapi_tree_reader_new(root, keyval, warn, opaque);
    JsonObject *obj = take_object(qapi_walk(r, &qapi_Netdev, errp));
    qapi_reader_free(r);
    return obj;
}

JsonObject *qapi_netdev_from_keyval_warn(const char *arg,
                                         QemuOptsWarnFunc *warn, void *opaque,
                                         Error **errp)
{
    JsonNode *root;

    if (arg[0] == '{') {
        root = qapi_json_parse(arg, errp);
    } else {
        JsonObject *tree = keyval_parse(arg, "type", NULL, errp);
        root = tree ? json_node_init_object(json_node_alloc(), tree) : NULL;
        if (tree) {
            json_object_unref(tree);
        }
    }
    if (!root) {
        return NULL;
    }
    JsonObject *obj = from_tree(root, arg[0] != '{', warn, opaque, errp);
    json_node_unref(root);
    return obj;
}

JsonObject *qapi_netdev_from_keyval(const char *arg, Error **errp)
{
    return qapi_netdev_from_keyval_warn(arg, NULL, NULL, errp);
}

JsonObject *qapi_netdev_from_json(JsonNode *node, Error **errp)
{
    JsonObject *obj = from_tree(node, false, NULL, NULL, errp);
    const char *id = obj ? json_object_get_string_member(obj, "id") : NULL;

    if (obj && !qemu_id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        json_object_unref(obj);
        return NULL;
    }
    return obj;
}

bool qapi_netdev_help(const char *arg, GString *out)
{
    if (qapi_netdev_is_modern(arg)) {
        return false;
    }
    g_autofree char *type = qemu_opts_peek(arg, "type", "type");
    if (!type || !qemu_opt_is_help(type)) {
        return false;
    }
    g_string_append(out, "Available netdev backend types:\n");
    for (const char *const *t = help_types; *t; t++) {
        g_string_append_printf(out, "%s\n", *t);
    }
    return true;
}
