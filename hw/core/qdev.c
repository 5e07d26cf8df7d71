/* qdev.c: -device: from options to a realized device on the machine's bus. */
#include "hw/core/qdev.h"

#include <string.h>

#include "hw/core/bus.h"
#include "hw/core/device.h"
#include "hw/core/hw-state.h"
#include "hw/core/qdev-registry.h"
#include "hw/machine.h"
#include "hw/pci/pci-device.h"
#include "hw/usb/usb-bus.h"
#include "util/keyval.h"

/* Keys of -device that are not properties. */
static const char *const qdev_meta_keys[] = { "driver", "bus", "id", NULL };

QemuOpts *qdev_device_opts_parse(QnetContext *ctx, const char *arg,
                                 Error **errp)
{
    HwState *hw = hw_state(ctx);
    char *location = g_strdup_printf("-device %s", arg);
    QnetLogLocation target = { ctx, location };
    QemuOpts *opts = qemu_opts_parse(hw->device_opts, arg, qnet_log_warning_at,
                                     &target, errp);
    if (!opts) {
        error_prepend(errp, "%s: ", location);
        g_free(location);
        return NULL;
    }
    g_hash_table_insert(hw->locations, opts, location);
    return opts;
}

/* Where the device sits: bus-specific placement before the model's checks. */
static bool qdev_place(DeviceState *dev, HwBus *bus, Error **errp)
{
    switch (bus->type) {
    case QDEV_BUS_PCI:
        return pci_device_place(dev, bus, errp);
    case QDEV_BUS_USB:
        dev->usb_port = usb_bus_attach(bus->usb, bus->name,
                                       qdev_get_str(dev, "port"), errp);
        if (dev->usb_port < 0) {
            dev->usb_port = 0;
            return false;
        }
        break;
    default:
        break;
    }
    dev->bus = bus;
    return true;
}

static bool qdev_realize_steps(DeviceState *dev, HwBus *bus, Error **errp)
{
    const DeviceModel *m = dev->model;
    return qdev_place(dev, bus, errp) && (!m->check || m->check(dev, errp)) &&
           (bus->type != QDEV_BUS_PCI || pci_device_post_checks(dev, errp)) &&
           (!m->realize || m->realize(dev, errp));
}

/* Realizes @dev on @bus and lists it in the context; frees it on error. */
static DeviceState *qdev_realize(DeviceState *dev, HwBus *bus, Error **errp)
{
    if (!qdev_realize_steps(dev, bus, errp)) {
        qdev_free(dev);
        return NULL;
    }
    HwState *hw = hw_state(dev->ctx);
    dev->realized = true;
    bus->ndevices++;
    if (bus->type == QDEV_BUS_PCI) {
        pci_device_commit(dev);
    }
    if (dev->conf && dev->conf->bootindex >= 0) {
        g_hash_table_add(hw->bootindexes,
                         GINT_TO_POINTER(dev->conf->bootindex));
    }
    g_ptr_array_add(hw->devices, dev);
    return dev;
}

/* Sets the properties in the order QEMU's QDict lists them. */
static bool set_props(DeviceState *dev, QemuOpts *opts, Error **errp)
{
    JsonObject *props = json_object_new();
    for (size_t i = 0; i < qemu_opts_count(opts); i++) {
        const char *key = qemu_opts_key(opts, i);
        if (!g_strv_contains(qdev_meta_keys, key)) {
            json_object_set_string_member(props, key,
                                          qemu_opts_value(opts, i));
        }
    }
    GPtrArray *order = keyval_qdict_order(props);
    bool ok = true;
    for (guint i = 0; ok && i < order->len; i++) {
        const char *key = order->pdata[i];
        ok = qdev_set_prop(dev, key,
                           json_object_get_string_member(props, key), errp);
    }
    g_ptr_array_free(order, TRUE);
    json_object_unref(props);
    return ok;
}

static bool device_add(QnetContext *ctx, QemuOpts *opts, const char *location,
                       Error **errp)
{
    const char *driver = qemu_opts_get(opts, "driver");
    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return false;
    }
    const DeviceModel *model = qdev_registry_find(driver);
    if (!model) {
        qdev_registry_reject(driver, errp);
        return false;
    }
    MachineState *ms = machine_get(ctx);
    HwBus *bus = hw_bus_choose(ms->buses, model, qemu_opts_get(opts, "bus"),
                               errp);
    if (!bus) {
        return false;
    }
    DeviceState *dev = qdev_new(ctx, model, qemu_opts_id(opts));
    dev->location = g_strdup(location);
    if (!set_props(dev, opts, errp)) {
        qdev_free(dev);
        return false;
    }
    return qdev_realize(dev, bus, errp) != NULL;
}

bool qdev_device_add_from_opts(QnetContext *ctx, QemuOpts *opts,
                               Error **errp)
{
    HwState *hw = hw_state(ctx);
    const char *location = g_hash_table_lookup(hw->locations, opts);
    Error *err = NULL;
    if (device_add(ctx, opts, location, &err)) {
        return true;
    }
    if (location) {
        error_prepend(&err, "%s: ", location);
    }
    error_propagate(errp, err);
    return false;
}

bool qdev_device_add(QnetContext *ctx, const char *arg, Error **errp)
{
    QemuOpts *opts = qdev_device_opts_parse(ctx, arg, errp);
    return opts && qdev_device_add_from_opts(ctx, opts, errp);
}

/* mac= and netdev= of an on-board request, as QEMU's board sets them. */
static bool set_nic_request(DeviceState *dev, NICInfo *nd, Error **errp)
{
    if (!dev->conf) {
        /* QEMU aborts here (pvrdma); qnet reports QEMU's message. */
        error_setg(errp, "Property '%s.mac' not found", dev->model->name);
        return false;
    }
    dev->conf->macaddr = nd->macaddr;
    dev->conf->mac_set = !mac_is_zero(&nd->macaddr);
    if (nd->netdev && !qdev_set_prop(dev, "netdev", nd->netdev->name, errp)) {
        return false;
    }
    if (nd->nvectors != NIC_NVECTORS_UNSPECIFIED &&
        qdev_model_has_prop(dev->model, "vectors")) {
        char text[16];
        g_snprintf(text, sizeof(text), "%u", nd->nvectors);
        return qdev_set_prop(dev, "vectors", text, errp);
    }
    return true;
}

/* A board's PCI address (-1: the first free slot). */
static bool set_addr(DeviceState *dev, int devfn)
{
    if (devfn < 0) {
        return true;
    }
    char text[8];
    g_snprintf(text, sizeof(text), "%x.%x", devfn >> 3, devfn & 7);
    return qdev_set_prop(dev, "addr", text, NULL);
}

DeviceState *qdev_create_onboard_nic(QnetContext *ctx,
                                     const DeviceModel *model, NICInfo *nd,
                                     int devfn, const char *const *props,
                                     Error **errp)
{
    MachineState *ms = machine_get(ctx);
    HwBus *bus = hw_bus_choose(ms->buses, model, NULL, errp);
    if (!bus) {
        return NULL;
    }
    DeviceState *dev = qdev_new(ctx, model, NULL);
    nd->instantiated = true;
    bool ok = set_nic_request(dev, nd, errp) && set_addr(dev, devfn);
    for (int i = 0; ok && props && props[i]; i += 2) {
        ok = qdev_set_prop(dev, props[i], props[i + 1], errp);
    }
    if (!ok) {
        qdev_free(dev);
        return NULL;
    }
    return qdev_realize(dev, bus, errp);
}

DeviceState *qdev_find(QnetContext *ctx, const char *id)
{
    HwState *hw = hw_state(ctx);
    for (guint i = 0; i < hw->devices->len; i++) {
        DeviceState *dev = hw->devices->pdata[i];
        if (dev->id && strcmp(dev->id, id) == 0) {
            return dev;
        }
    }
    return NULL;
}
