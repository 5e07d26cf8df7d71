/* boards.c: machine choice (-M / -machine) and the NICs a board creates for -net nic and -nic. */
#include "hw/boards.h"

#include <string.h>

#include "hw/core/hw-state.h"
#include "hw/machine.h"
#include "util/keyval.h"

/* Keys of -machine that QEMU hands to the accelerator, not the machine. */
static const char *const accel_keys[] = {
    "accel", "kernel-irqchip", "kvm-shadow-mem", NULL,
};

/* The accelerators this QEMU build has for x86. */
static const char *const accelerators[] = { "kvm", "tcg", NULL };

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++) {
        if (strcmp(*list, s) == 0) {
            return true;
        }
    }
    return false;
}

/* Merges @src into @dst as repeated -machine options merge. */
static void merge_opts(JsonObject *dst, JsonObject *src)
{
    GList *names = json_object_get_members(src);
    for (GList *l = names; l; l = l->next) {
        JsonNode *node = json_object_get_member(src, l->data);
        JsonNode *old = json_object_get_member(dst, l->data);
        if (old && JSON_NODE_HOLDS_OBJECT(old) &&
            JSON_NODE_HOLDS_OBJECT(node)) {
            merge_opts(json_node_get_object(old), json_node_get_object(node));
        } else {
            json_object_set_member(dst, l->data, json_node_copy(node));
        }
    }
    g_list_free(names);
}

static const char *opts_type(JsonObject *opts)
{
    if (!json_object_has_member(opts, "type")) {
        return NULL;
    }
    JsonNode *node = json_object_get_member(opts, "type");
    return JSON_NODE_HOLDS_VALUE(node) ? json_node_get_string(node) : NULL;
}

static const MachineType *resolve_type(JsonObject *opts, Error **errp)
{
    const char *name = opts_type(opts);
    const MachineType *type = name && *name ? machine_type_find(name)
                                            : machine_type_default();
    if (!type) {
        error_setg(errp, "unsupported machine type");
        error_append_hint(errp, "Use -machine help to list supported "
                          "machines\n");
    }
    return type;
}

/* Machine properties are set in QEMU's QDict order. */
static bool check_props(const MachineType *type, JsonObject *opts,
                        Error **errp)
{
    GPtrArray *keys = keyval_qdict_order(opts);
    bool ok = true;
    for (guint i = 0; ok && i < keys->len; i++) {
        const char *key = keys->pdata[i];
        if (strcmp(key, "type") == 0 || in_list(accel_keys, key)) {
            continue;
        }
        const MachineProp *prop = machine_prop_find(type->cls->props, key);
        if (!prop) {
            error_setg(errp, "Property '%s-machine.%s' not found",
                       type->name, key);
            ok = false;
        } else {
            ok = machine_prop_check(prop, json_object_get_member(opts, key),
                                    errp);
        }
    }
    g_ptr_array_free(keys, TRUE);
    return ok;
}

/* accel=a:b:c, as QEMU 7.2 reports unknown names and falls back. */
static bool check_accel(QnetContext *ctx, JsonObject *opts, Error **errp)
{
    JsonNode *node = json_object_get_member(opts, "accel");
    if (!node || !JSON_NODE_HOLDS_VALUE(node)) {
        return true;
    }
    g_auto(GStrv) names = g_strsplit(json_node_get_string(node), ":", -1);
    const char *first_ok = NULL, *bad = NULL;
    for (int i = 0; names[i]; i++) {
        if (in_list(accelerators, names[i])) {
            first_ok = first_ok ? first_ok : names[i];
            continue;
        }
        if (bad) {
            qnet_log(ctx, QNET_LOG_ERROR, NULL, "invalid accelerator %s", bad);
        }
        bad = names[i];
    }
    if (!first_ok) {
        if (bad) {
            error_setg(errp, "invalid accelerator %s", bad);
        } else {
            error_setg(errp, "no accelerator found");
        }
        return false;
    }
    if (bad) {
        qnet_log(ctx, QNET_LOG_ERROR, NULL, "invalid accelerator %s", bad);
        qnet_log(ctx, QNET_LOG_ERROR, NULL, "falling back to %s", first_ok);
    }
    return true;
}

bool machine_opts_add(QnetContext *ctx, const char *arg, Error **errp)
{
    HwState *hw = hw_state(ctx);
    bool help = false;
    JsonObject *opts = keyval_parse(arg, "type", &help, errp);
    if (!opts) {
        return false;
    }
    if (!hw->machine_opts) {
        hw->machine_opts = json_object_new();
    }
    merge_opts(hw->machine_opts, opts);
    json_object_unref(opts);
    return true;
}

bool machine_realize(QnetContext *ctx, Error **errp)
{
    HwState *hw = hw_state(ctx);
    if (!hw->machine_opts) {
        hw->machine_opts = json_object_new();
    }
    const MachineType *type = resolve_type(hw->machine_opts, errp);
    if (!type || !check_props(type, hw->machine_opts, errp) ||
        !check_accel(ctx, hw->machine_opts, errp)) {
        return false;
    }
    if (type->deprecation && (!hw->machine || hw->machine->type != type)) {
        qnet_log(ctx, QNET_LOG_WARNING, NULL,
                 "Machine type '%s' is deprecated: %s", type->name,
                 type->deprecation);
    }
    if (hw->devices->len) {
        error_setg(errp, "the machine cannot change once devices exist");
        return false;
    }
    machine_state_free(hw->machine);
    hw->machine = machine_state_new(ctx, type, hw->machine_opts);
    return true;
}

bool machine_select(QnetContext *ctx, const char *arg, Error **errp)
{
    return machine_opts_add(ctx, arg, errp) && machine_realize(ctx, errp);
}

static void list_machines(GString *out)
{
    g_string_append(out, "Supported machines are:\n");
    for (const MachineType *t = machine_types; t->name; t++) {
        if (t->alias) {
            g_string_append_printf(out, "%-20s %s (alias of %s)\n", t->alias,
                                   t->desc, t->name);
        }
        g_string_append_printf(out, "%-20s %s%s%s\n", t->name, t->desc,
                               t->is_default ? " (default)" : "",
                               t->deprecation ? " (deprecated)" : "");
    }
}

bool machine_help(const char *arg, GString *out)
{
    bool help = false;
    JsonObject *opts = keyval_parse(arg, "type", &help, NULL);
    if (!opts) {
        return false;
    }
    const char *name = opts_type(opts);
    bool asks = help || (name && (strcmp(name, "help") == 0 ||
                                  strcmp(name, "?") == 0));
    const MachineType *type = name ? machine_type_find(name) : NULL;
    if (asks && type) {
        g_string_append_printf(out, "%s-machine options:\n", type->name);
        machine_props_help(type->cls->props, out);
    } else if (asks) {
        list_machines(out);
    }
    json_object_unref(opts);
    return asks;
}

const char *machine_name(QnetContext *ctx)
{
    return machine_get(ctx)->type->name;
}

bool machine_nic_help(QnetContext *ctx, GString *out)
{
    MachineState *ms = machine_get(ctx);
    return ms->type->cls->nic_help && ms->type->cls->nic_help(ctx, ms, out);
}

bool machine_create_nics(QnetContext *ctx, Error **errp)
{
    MachineState *ms = machine_get(ctx);
    if (!ms->type->cls->create_nics) {
        return true;
    }
    GString *help = g_string_new(NULL);
    bool ok;
    if (machine_nic_help(ctx, help)) {
        /* The caller should have printed it (machine_nic_help()). */
        error_setg(errp, "%s", help->str);
        ok = false;
    } else {
        ok = ms->type->cls->create_nics(ctx, ms, errp);
    }
    g_string_free(help, TRUE);
    return ok;
}

void machine_warn_uninstantiated_nics(QnetContext *ctx)
{
    for (int i = 0; i < MAX_NICS; i++) {
        const NICInfo *nd = &ctx->nics.nd[i];
        if (nd->used && !nd->instantiated) {
            qnet_log(ctx, QNET_LOG_WARNING, NULL,
                     "requested NIC (%s, model %s) was not created "
                     "(not supported by this machine?)",
                     nd->name ? nd->name : "anonymous",
                     nd->model ? nd->model : "unspecified");
        }
    }
}
