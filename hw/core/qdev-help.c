/* qdev-help.c: `-device help` and `-device MODEL,help`, in QEMU's words. */
#include "hw/core/qdev.h"

#include "hw/core/bus.h"
#include "hw/core/qdev-registry.h"

static void list_model(GString *out, const DeviceModel *m)
{
    g_string_append_printf(out, "name \"%s\", bus %s", m->name,
                           hw_bus_type_name(m->bus));
    if (m->alias) {
        g_string_append_printf(out, ", alias \"%s\"", m->alias);
    }
    if (m->desc) {
        g_string_append_printf(out, ", desc \"%s\"", m->desc);
    }
    g_string_append_c(out, '\n');
}

/* QEMU separates the sections with an empty line. */
static void list_models(GString *out)
{
    for (const QdevCategory *c = qdev_categories; c->title; c++) {
        g_string_append_printf(out, "%s%s:\n", c == qdev_categories ? "" : "\n",
                               c->title);
        for (const DeviceModel *m = c->models; m->name; m++) {
            list_model(out, m);
        }
    }
}

static void list_props(GString *out, const DeviceModel *m)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    for (const QdevProp *const *g = m->props; *g; g++) {
        for (const QdevProp *p = *g; p->name; p++) {
            GString *line = g_string_new(NULL);
            qdev_prop_help_line(line, p->name, qdev_prop_type_name(p),
                                p->desc, p->defval);
            g_ptr_array_add(lines, g_string_free(line, FALSE));
        }
    }
    g_string_append_printf(out, "%s options:\n", m->name);
    qdev_help_lines_flush(out, lines);
    g_ptr_array_free(lines, TRUE);
}

/* Decides on parsed options; false when they do not ask for help. */
static bool help_from_opts(QemuOpts *opts, GString *out, Error **errp)
{
    const char *driver = qemu_opts_get(opts, "driver");
    if (driver && qemu_opt_is_help(driver)) {
        list_models(out);
        return true;
    }
    if (!driver || !qemu_opts_has_help_opt(opts)) {
        return false;
    }
    const DeviceModel *m = qdev_registry_find(driver);
    if (m) {
        list_props(out, m);
        return true;
    }
    if (qdev_registry_is_foreign(driver)) {
        return false;   /* creating it gives qnet's "not a network device" */
    }
    error_setg(errp, "Device '%s' not found", driver);
    return true;
}

bool qdev_device_help_full(const char *arg, GString *out, Error **errp)
{
    QemuOptsList *list = qemu_opts_list_new("device", "driver");
    QemuOpts *opts = qemu_opts_parse(list, arg, NULL, NULL, NULL);
    bool help = opts && help_from_opts(opts, out, errp);
    qemu_opts_list_free(list);
    return help;
}

bool qdev_device_help(const char *arg, GString *out)
{
    Error *err = NULL;
    bool help = qdev_device_help_full(arg, out, &err);
    if (err) {
        g_string_append_printf(out, "%s\n", error_get_pretty(err));
        error_free(err);
    }
    return help;
}
