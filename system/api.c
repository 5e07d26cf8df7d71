/* api.c: the public embedding API: context lifetime, options, realize, HMP. */
#include <string.h>

#include "chardev/char.h"
#include "hw/boards.h"
#include "hw/core/qdev.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "net/client.h"
#include "net/context.h"
#include "net/filter-object.h"
#include "net/hub.h"
#include "net/options.h"
#include "qnet-config.h"
#include "qnet/qnet.h"
#include "system/config.h"

QnetContext *qnet_context_new(GMainContext *main_context)
{
    QnetContext *ctx = g_new0(QnetContext, 1);
    ctx->main_context = main_context ? g_main_context_ref(main_context)
                                     : g_main_context_ref_thread_default();
    g_queue_init(&ctx->clients);
    ctx->chardevs = chardev_registry_new(ctx->main_context);
    ctx->system = system_config_new();
    return ctx;
}

void qnet_context_free(QnetContext *ctx)
{
    if (!ctx) {
        return;
    }
    monitor_state_free(ctx);
    hw_state_free(ctx);
    /* NICs are gone; what is left are backends and hub ports. */
    while (ctx->clients.tail) {
        net_client_free(ctx->clients.tail->data);
    }
    net_hub_free_all(ctx);
    net_filter_objects_free(ctx);
    net_options_free(ctx);
    for (int i = 0; i < MAX_NICS; i++) {
        g_free(ctx->nics.nd[i].model);
        g_free(ctx->nics.nd[i].name);
        g_free(ctx->nics.nd[i].devaddr);
    }
    system_config_free(ctx->system);
    /* Last: backends and filters above may still have had front ends. */
    chardev_registry_free(ctx->chardevs);
    qnet_set_busy_poll(ctx, 0);     /* gives the main context g_poll() back */
    g_main_context_unref(ctx->main_context);
    g_free(ctx);
}

void qnet_set_log_handler(QnetContext *ctx, QnetLogFunc *func, void *opaque)
{
    ctx->log = func;
    ctx->log_opaque = opaque;
    chardev_registry_set_log(ctx->chardevs, func, opaque);
}

bool qnet_add_option(QnetContext *ctx, const char *option, const char *arg,
                     QnetError **errp)
{
    return system_config_add(ctx, option, arg, errp);
}

bool qnet_realize(QnetContext *ctx, QnetError **errp)
{
    if (!system_config_realize_net(ctx, errp)) {
        return false;
    }
    g_autoptr(GString) help = g_string_new(NULL);
    Error *err = NULL;
    if (system_config_realize_devices(ctx, help, &err)) {
        return true;
    }
    if (!err) {
        /* model=help: the list is the answer. */
        error_setg(&err, "%s", help->str);
    }
    error_propagate(errp, err);
    return false;
}

char *qnet_hmp_command(QnetContext *ctx, const char *command_line)
{
    HmpResult res = { .out = g_string_new(NULL) };
    hmp_execute(ctx, command_line, &res);
    return g_string_free(res.out, FALSE);
}

const char *qnet_error_message(const QnetError *err)
{
    return error_get_pretty(err);
}

void qnet_error_free(QnetError *err)
{
    error_free(err);
}

const char *qnet_version(void)
{
    return QNET_VERSION;
}
