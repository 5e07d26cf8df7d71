/* config.c: the networking options of a command line and building the graph from them. */
#include "system/config.h"

#include <string.h>

#include "hw/boards.h"
#include "hw/core/qdev.h"
#include "net/options.h"
#include "qapi/netdev.h"

struct SystemConfig {
    bool nodefaults;
    char *machine;            /* last -M / -machine argument */
    GPtrArray *devices;       /* -device arguments, in order */
    GPtrArray *objects;       /* -object arguments, in order */
};

SystemConfig *system_config_new(void)
{
    SystemConfig *cfg = g_new0(SystemConfig, 1);
    cfg->devices = g_ptr_array_new_with_free_func(g_free);
    cfg->objects = g_ptr_array_new_with_free_func(g_free);
    return cfg;
}

void system_config_free(SystemConfig *cfg)
{
    if (!cfg) {
        return;
    }
    g_ptr_array_free(cfg->devices, TRUE);
    g_ptr_array_free(cfg->objects, TRUE);
    g_free(cfg->machine);
    g_free(cfg);
}

static bool is_net_option(const char *option)
{
    return strcmp(option, "netdev") == 0 || strcmp(option, "net") == 0 ||
           strcmp(option, "nic") == 0;
}

bool system_config_add(QnetContext *ctx, const char *option, const char *arg,
                       Error **errp)
{
    SystemConfig *cfg = ctx->system;

    if (strcmp(option, "nodefaults") == 0) {
        cfg->nodefaults = true;
        return true;
    }
    if (!arg) {
        error_setg(errp, "-%s: requires an argument", option);
        return false;
    }
    if (is_net_option(option)) {
        return net_options_add(ctx, option, arg, errp);
    }
    if (strcmp(option, "device") == 0) {
        g_ptr_array_add(cfg->devices, g_strdup(arg));
        return true;
    }
    if (strcmp(option, "object") == 0) {
        g_ptr_array_add(cfg->objects, g_strdup(arg));
        return true;
    }
    if (strcmp(option, "machine") == 0 || strcmp(option, "M") == 0) {
        g_free(cfg->machine);
        cfg->machine = g_strdup(arg);
        return true;
    }
    error_setg(errp, "-%s: invalid option", option);
    return false;
}

char *system_config_help(const char *option, const char *arg)
{
    GString *out = g_string_new(NULL);
    bool help = false;

    if (!arg) {
        help = false;
    } else if (strcmp(option, "netdev") == 0) {
        help = qapi_netdev_help(arg, out);
    } else if (strcmp(option, "device") == 0) {
        help = qdev_device_help(arg, out);
    } else if (strcmp(option, "machine") == 0 || strcmp(option, "M") == 0) {
        help = machine_help(arg, out);
    }
    return g_string_free(out, !help);
}

static bool create_devices(QnetContext *ctx, Error **errp)
{
    SystemConfig *cfg = ctx->system;
    for (guint i = 0; i < cfg->devices->len; i++) {
        if (!qdev_device_add(ctx, cfg->devices->pdata[i], errp)) {
            return false;
        }
    }
    return true;
}

static bool create_objects(QnetContext *ctx, Error **errp)
{
    SystemConfig *cfg = ctx->system;
    for (guint i = 0; i < cfg->objects->len; i++) {
        const char *arg = cfg->objects->pdata[i];
        g_autofree char *type = g_strndup(arg, strcspn(arg, ","));
        error_setg(errp, "-object %s: object type '%s' is not implemented "
                   "in qnet yet", arg, type);
        return false;
    }
    return true;
}

bool system_config_realize_net(QnetContext *ctx, Error **errp)
{
    SystemConfig *cfg = ctx->system;

    if (!machine_select(ctx, cfg->machine ? cfg->machine : "pc", errp)) {
        return false;
    }
    ctx->default_net = !cfg->nodefaults && !net_options_any(ctx);
    if (ctx->default_net &&
        (!net_options_add(ctx, "net", "nic", errp) ||
         !net_options_add(ctx, "net", "user", errp))) {
        return false;
    }
    return net_options_realize(ctx, errp);
}

bool system_config_realize_devices(QnetContext *ctx, Error **errp)
{
    if (!create_objects(ctx, errp) || !machine_create_nics(ctx, errp) ||
        !create_devices(ctx, errp)) {
        return false;
    }
    net_check_clients(ctx);
    if (!ctx->default_net) {
        machine_warn_uninstantiated_nics(ctx);
    }
    return true;
}
