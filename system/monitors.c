/* monitors.c: the program's -chardev, -monitor, -qmp, -qmp-pretty and -mon options: chardevs and monitors. */
#include "system/monitors.h"

#include <string.h>

#include "chardev/char-opts.h"
#include "chardev/char.h"
#include "monitor/chardev-monitor.h"
#include "monitor/monitor.h"
#include "net/context.h"
#include "net/filter-object.h"
#include "util/qemu-opts.h"

/* How long the program may spend sending what monitors still hold. */
#define FLUSH_TIMEOUT_US (1000 * 1000)

typedef struct OptEntry {
    char *location;           /* "-monitor stdio", for messages */
    QemuOpts *opts;           /* in its list */
    ChardevMonitor *monitor;  /* -mon entries, once created */
} OptEntry;

struct SystemMonitors {
    QnetContext *ctx;
    QemuOptsList *chardev_list;
    QemuOptsList *mon_list;
    GPtrArray *chardev_opts;  /* OptEntry, option order */
    GPtrArray *mon_opts;      /* OptEntry, option order */
    int compat_index;         /* QEMU's "compat_monitor<N>" labels */
    bool stopped;
};

static void entry_free(gpointer p)
{
    OptEntry *e = p;
    chardev_monitor_free(e->monitor);
    g_free(e->location);
    g_free(e);
}

SystemMonitors *system_monitors_new(QnetContext *ctx,
                                    void (*on_quit)(void *opaque),
                                    void *opaque)
{
    SystemMonitors *sm = g_new0(SystemMonitors, 1);
    sm->ctx = ctx;
    sm->chardev_list = chardev_opts_list_new();
    sm->mon_list = qemu_opts_list_new("mon", "chardev");
    sm->chardev_opts = g_ptr_array_new_with_free_func(entry_free);
    sm->mon_opts = g_ptr_array_new_with_free_func(entry_free);
    monitor_set_quit_handler(ctx, on_quit, opaque);
    return sm;
}

bool system_monitors_is_option(const char *option)
{
    static const char *const names[] = {
        "chardev", "monitor", "qmp", "qmp-pretty", "mon", NULL,
    };
    return g_strv_contains(names, option);
}

static OptEntry *entry_add(GPtrArray *list, const char *option,
                           const char *arg, QemuOpts *opts)
{
    OptEntry *e = g_new0(OptEntry, 1);
    e->location = g_strdup_printf("-%s %s", option, arg);
    e->opts = opts;
    g_ptr_array_add(list, e);
    return e;
}

static bool add_chardev(SystemMonitors *sm, const char *arg, char **help,
                        int *help_status, Error **errp)
{
    g_autofree char *location = g_strdup_printf("-chardev %s", arg);
    QnetLogLocation warn = { sm->ctx, location };
    QemuOpts *opts = chardev_opts_parse(sm->chardev_list, arg, qnet_log_warning_at,
                                        &warn, help, errp);
    if (help && *help) {
        *help_status = 1;       /* QEMU exits 1 after a backend's options */
        return true;
    }
    if (!opts) {
        error_prepend(errp, "%s: ", location);
        return false;
    }
    if (chardev_opts_wants_backend_help(opts)) {
        *help = chardev_backends_help();
        *help_status = 0;
        return true;
    }
    entry_add(sm->chardev_opts, "chardev", arg, opts);
    return true;
}

/* -monitor, -qmp, -qmp-pretty: a chardev spec and a -mon entry for it. */
static bool add_compat_monitor(SystemMonitors *sm, const char *option,
                               const char *arg, Error **errp)
{
    g_autofree char *location = g_strdup_printf("-%s %s", option, arg);
    g_autofree char *label = NULL;

    if (strcmp(option, "monitor") == 0 && strcmp(arg, "none") == 0) {
        return true;
    }
    if (g_str_has_prefix(arg, "chardev:")) {
        label = g_strdup(arg + strlen("chardev:"));
    } else {
        label = g_strdup_printf("compat_monitor%d", sm->compat_index);
        Error *err = NULL;
        QemuOpts *opts = chardev_legacy_parse(sm->chardev_list, label, arg,
                                              &err);
        if (!opts) {
            if (err) {
                qnet_log(sm->ctx, QNET_LOG_ERROR, location, "%s",
                         error_get_pretty(err));
                error_free(err);
            }
            error_setg(errp, "%s: parse error: %s", location, arg);
            return false;
        }
        entry_add(sm->chardev_opts, option, arg, opts);
    }
    QemuOpts *mon = qemu_opts_create(sm->mon_list, label, errp);
    if (!mon) {
        error_prepend(errp, "%s: ", location);
        return false;
    }
    qemu_opts_append(mon, "chardev", label);
    qemu_opts_append(mon, "mode", strcmp(option, "monitor") == 0
                                      ? "readline" : "control");
    if (strcmp(option, "qmp-pretty") == 0) {
        qemu_opts_append(mon, "pretty", "on");
    }
    entry_add(sm->mon_opts, option, arg, mon);
    sm->compat_index++;
    return true;
}

/* -mon [chardev=]ID[,mode=readline|control][,pretty=on|off][,id=ID] */
static bool add_mon(SystemMonitors *sm, const char *arg, Error **errp)
{
    g_autofree char *location = g_strdup_printf("-mon %s", arg);
    QnetLogLocation warn = { sm->ctx, location };
    QemuOpts *opts = qemu_opts_parse(sm->mon_list, arg, qnet_log_warning_at, &warn,
                                     errp);
    if (!opts) {
        error_prepend(errp, "%s: ", location);
        return false;
    }
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        const char *key = qemu_opts_key(opts, i);
        if (strcmp(key, "chardev") != 0 && strcmp(key, "mode") != 0 &&
            strcmp(key, "pretty") != 0) {
            error_setg(errp, "%s: Invalid parameter '%s'", location, key);
            qemu_opts_del(opts);
            return false;
        }
    }
    entry_add(sm->mon_opts, "mon", arg, opts);
    return true;
}

bool system_monitors_add(SystemMonitors *sm, const char *option,
                         const char *arg, char **help, int *help_status,
                         Error **errp)
{
    *help = NULL;
    if (strcmp(option, "chardev") == 0) {
        return add_chardev(sm, arg, help, help_status, errp);
    }
    if (strcmp(option, "mon") == 0) {
        return add_mon(sm, arg, errp);
    }
    return add_compat_monitor(sm, option, arg, errp);
}

bool system_monitors_create_chardevs(SystemMonitors *sm, Error **errp)
{
    for (guint i = 0; i < sm->chardev_opts->len; i++) {
        OptEntry *e = sm->chardev_opts->pdata[i];
        if (!chardev_new_from_opts(sm->ctx->chardevs, e->opts, e->location,
                                   errp)) {
            error_prepend(errp, "%s: ", e->location);
            return false;
        }
    }
    return true;
}

/* QemuOpts booleans: on/yes/true/y and off/no/false/n. */
static bool parse_bool(const char *value, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y", NULL };
    static const char *const no[] = { "off", "no", "false", "n", NULL };
    *out = g_strv_contains(yes, value);
    return *out || g_strv_contains(no, value);
}

static bool create_monitor(SystemMonitors *sm, OptEntry *e, Error **errp)
{
    const char *mode = qemu_opts_get(e->opts, "mode");
    const char *pretty_text = qemu_opts_get(e->opts, "pretty");
    const char *id = qemu_opts_get(e->opts, "chardev");
    bool pretty = false;

    if (pretty_text && !parse_bool(pretty_text, &pretty)) {
        error_setg(errp, "Parameter 'pretty' expects 'on' or 'off'");
        return false;
    }
    if (mode && strcmp(mode, "readline") != 0 &&
        strcmp(mode, "control") != 0) {
        error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
        return false;
    }
    if (!id) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    bool control = mode && strcmp(mode, "control") == 0;
    if (pretty && !control) {
        error_setg(errp, "'pretty' is not compatible with HMP monitors");
        return false;
    }
    Chardev *chr = chardev_find(sm->ctx->chardevs, id);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", id);
        return false;
    }
    e->monitor = chardev_monitor_new(sm->ctx, chr, control
                                     ? MONITOR_MODE_CONTROL
                                     : MONITOR_MODE_READLINE, pretty, errp);
    return e->monitor != NULL;
}

bool system_monitors_create_monitors(SystemMonitors *sm, Error **errp)
{
    for (guint i = 0; i < sm->mon_opts->len; i++) {
        OptEntry *e = sm->mon_opts->pdata[i];
        if (!create_monitor(sm, e, errp)) {
            error_prepend(errp, "%s: ", e->location);
            return false;
        }
    }
    return true;
}

void system_monitors_shutdown(SystemMonitors *sm, const char *reason)
{
    JsonObject *data = json_object_new();
    json_object_set_boolean_member(data, "guest", FALSE);
    json_object_set_string_member(data, "reason", reason);
    monitor_event_emit(sm->ctx, "SHUTDOWN", data);
}

static bool output_pending(SystemMonitors *sm)
{
    g_autoptr(GPtrArray) list = chardev_list(sm->ctx->chardevs);
    for (guint i = 0; i < list->len; i++) {
        if (chardev_write_pending(list->pdata[i])) {
            return true;
        }
    }
    return false;
}

static gboolean wake(gpointer opaque)
{
    return G_SOURCE_CONTINUE;
}

/* Lets the main loop send what the chardevs still hold, for a while. */
static void flush_output(SystemMonitors *sm)
{
    gint64 deadline = g_get_monotonic_time() + FLUSH_TIMEOUT_US;
    GSource *tick = g_timeout_source_new(10);
    g_source_set_callback(tick, wake, NULL, NULL);
    qnet_attach_source(sm->ctx, tick);
    while (output_pending(sm) && g_get_monotonic_time() < deadline) {
        g_main_context_iteration(sm->ctx->main_context, TRUE);
    }
    g_source_destroy(tick);
    g_source_unref(tick);
}

void system_monitors_stop(SystemMonitors *sm)
{
    if (!sm || sm->stopped) {
        return;
    }
    sm->stopped = true;
    flush_output(sm);
    g_ptr_array_set_size(sm->mon_opts, 0);       /* detaches the monitors */
    monitor_state_free(sm->ctx);
}

void system_monitors_free(SystemMonitors *sm)
{
    if (!sm) {
        return;
    }
    g_ptr_array_free(sm->mon_opts, TRUE);
    g_ptr_array_free(sm->chardev_opts, TRUE);
    qemu_opts_list_free(sm->mon_list);
    qemu_opts_list_free(sm->chardev_list);
    g_free(sm);
}
