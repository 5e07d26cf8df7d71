/* config.c: the networking options of a command line and building the graph from them. */
#include "system/config.h"

#include <string.h>

#include "hw/boards.h"
#include "hw/core/qdev.h"
#include "net/hub.h"
#include "net/options.h"
#include "qapi/netdev.h"
#include "system/objects.h"
#include "util/qemu-opts.h"

struct SystemConfig {
    bool nodefaults;
    GPtrArray *devices;       /* QemuOpts of -device, in order */
    GPtrArray *objects;       /* -object arguments, in order */
};

SystemConfig *system_config_new(void)
{
    SystemConfig *cfg = g_new0(SystemConfig, 1);
    cfg->devices = g_ptr_array_new();
    cfg->objects = g_ptr_array_new_with_free_func(g_free);
    return cfg;
}

void system_config_free(SystemConfig *cfg)
{
    if (!cfg) {
        return;
    }
    g_ptr_array_free(cfg->devices, TRUE);   /* the opts belong to hw's list */
    g_ptr_array_free(cfg->objects, TRUE);
    g_free(cfg);
}

static bool is_net_option(const char *option)
{
    return strcmp(option, "netdev") == 0 || strcmp(option, "net") == 0 ||
           strcmp(option, "nic") == 0;
}

static bool is_machine_option(const char *option)
{
    return strcmp(option, "machine") == 0 || strcmp(option, "M") == 0;
}

bool system_config_add(QnetContext *ctx, const char *option, const char *arg,
                       Error **errp)
{
    SystemConfig *cfg = ctx->system;

    if (strcmp(option, "nodefaults") == 0) {
        cfg->nodefaults = true;
        return true;
    }
    if (strcmp(option, "usb") == 0) {
        return machine_opts_add(ctx, "usb=on", errp);
    }
    if (!arg) {
        error_setg(errp, "-%s: requires an argument", option);
        return false;
    }
    if (is_net_option(option)) {
        return net_options_add(ctx, option, arg, errp);
    }
    if (strcmp(option, "device") == 0) {
        QemuOpts *opts = qdev_device_opts_parse(ctx, arg, errp);
        if (opts) {
            g_ptr_array_add(cfg->devices, opts);
        }
        return opts != NULL;
    }
    if (strcmp(option, "object") == 0) {
        g_ptr_array_add(cfg->objects, g_strdup(arg));
        return true;
    }
    if (strcmp(option, "x-qnet-hub") == 0) {
        NetHubSettings settings;
        if (!net_hub_parse_settings(arg, &settings, errp)) {
            error_prepend(errp, "-%s %s: ", option, arg);
            return false;
        }
        net_hub_apply_settings(ctx, &settings);
        return true;
    }
    if (is_machine_option(option)) {
        if (!machine_opts_add(ctx, arg, errp)) {
            error_prepend(errp, "-%s %s: ", option, arg);
            return false;
        }
        return true;
    }
    error_setg(errp, "-%s: invalid option", option);
    return false;
}

bool system_config_help(const char *option, const char *arg, GString *out,
                        Error **errp)
{
    if (!arg) {
        return false;
    }
    if (strcmp(option, "netdev") == 0) {
        return qapi_netdev_help(arg, out);
    }
    if (strcmp(option, "device") == 0) {
        bool help = qdev_device_help_full(arg, out, errp);
        error_prepend(errp, "-device %s: ", arg);
        return help;
    }
    if (is_machine_option(option)) {
        return machine_help(arg, out);
    }
    if (strcmp(option, "object") == 0) {
        g_autofree char *text = system_object_help(arg);
        if (text) {
            g_string_append(out, text);
        }
        return text != NULL;
    }
    return false;
}

static bool create_devices(QnetContext *ctx, Error **errp)
{
    SystemConfig *cfg = ctx->system;
    for (guint i = 0; i < cfg->devices->len; i++) {
        if (!qdev_device_add_from_opts(ctx, cfg->devices->pdata[i], errp)) {
            return false;
        }
    }
    return true;
}

bool system_config_realize_net(QnetContext *ctx, Error **errp)
{
    SystemConfig *cfg = ctx->system;

    machine_set_nodefaults(ctx, cfg->nodefaults);
    if (!machine_realize(ctx, errp)) {
        return false;
    }
    ctx->default_net = !cfg->nodefaults && !net_options_any(ctx);
    if (ctx->default_net &&
        (!net_options_add(ctx, "net", "nic", errp) ||
         !net_options_add(ctx, "net", "user", errp))) {
        return false;
    }
    /* Filters come right after the netdevs, before any monitor. */
    return net_options_realize(ctx, errp) &&
           system_objects_create(ctx, cfg->objects, errp);
}

bool system_config_realize_devices(QnetContext *ctx, GString *help,
                                   Error **errp)
{
    if (machine_nic_help(ctx, help)) {
        return false;
    }
    if (!machine_create_nics(ctx, errp) || !create_devices(ctx, errp)) {
        return false;
    }
    net_check_clients(ctx);
    if (!ctx->default_net) {
        machine_warn_uninstantiated_nics(ctx);
    }
    return true;
}
