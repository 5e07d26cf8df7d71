/* device.c: a device instance: creation, its property values, and what its model reads of them. */
#include "hw/core/device.h"

#include <string.h>

#include "hw/core/bus.h"
#include "hw/core/hw-state.h"
#include "hw/net/nic-noguest.h"
#include "hw/pci/pci-device.h"
#include "hw/usb/usb-bus.h"
#include "net/context.h"

static void value_free(gpointer p)
{
    qdev_value_clear(p);
    g_free(p);
}

DeviceState *qdev_new(QnetContext *ctx, const DeviceModel *model,
                      const char *id)
{
    DeviceState *dev = g_new0(DeviceState, 1);
    dev->ctx = ctx;
    dev->model = model;
    dev->id = g_strdup(id);
    dev->devfn = -1;
    dev->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        value_free);
    if (model->has_nic_conf) {
        dev->conf = g_new0(NICConf, 1);
        dev->conf->bootindex = -1;
    }
    dev->frontends =
        g_ptr_array_new_with_free_func((GDestroyNotify)nic_noguest_free);
    return dev;
}

/* Gives back what placement took on the bus. */
static void qdev_unplace(DeviceState *dev)
{
    if (!dev->bus) {
        return;
    }
    if (dev->bus->type == QDEV_BUS_PCI) {
        pci_device_unplace(dev);
    } else if (dev->bus->type == QDEV_BUS_USB) {
        usb_bus_detach(dev->bus->usb, dev->usb_port);
    }
    if (dev->realized) {
        dev->bus->ndevices--;
    }
    dev->bus = NULL;
}

void qdev_free(DeviceState *dev)
{
    if (!dev) {
        return;
    }
    /* NICs first: they point into dev->conf's copies, not dev->conf. */
    g_ptr_array_free(dev->frontends, TRUE);
    qdev_unplace(dev);
    if (dev->realized && dev->conf && dev->conf->bootindex >= 0) {
        g_hash_table_remove(hw_state(dev->ctx)->bootindexes,
                            GINT_TO_POINTER(dev->conf->bootindex));
    }
    g_hash_table_destroy(dev->values);
    g_free(dev->conf);
    g_free(dev->id);
    g_free(dev->location);
    g_free(dev);
}

bool qdev_prop_is_set(DeviceState *dev, const char *name)
{
    return g_hash_table_contains(dev->values, name);
}

/* The value of @name (set or default) copied into @out; @out->s borrowed. */
static void get_value(DeviceState *dev, const char *name, QdevValue *out)
{
    const QdevValue *v = g_hash_table_lookup(dev->values, name);
    const QdevProp *prop = qdev_model_find_prop(dev->model, name);
    if (v) {
        *out = *v;
    } else if (prop) {
        qdev_prop_default(prop, out);
        /* Declared string defaults are never freed: keep them static. */
        if (out->kind == QDEV_PROP_STR || out->kind == QDEV_PROP_NETDEV) {
            g_free(out->s);
            out->s = (char *)prop->defval;
        }
    } else {
        memset(out, 0, sizeof(*out));
    }
}

bool qdev_get_bool(DeviceState *dev, const char *name)
{
    QdevValue v;
    get_value(dev, name, &v);
    return v.b;
}

uint64_t qdev_get_uint(DeviceState *dev, const char *name)
{
    QdevValue v;
    get_value(dev, name, &v);
    return v.u;
}

int64_t qdev_get_int(DeviceState *dev, const char *name)
{
    QdevValue v;
    get_value(dev, name, &v);
    return v.i;
}

QdevOnOffAuto qdev_get_on_off_auto(DeviceState *dev, const char *name)
{
    QdevValue v;
    get_value(dev, name, &v);
    return v.ooa;
}

const char *qdev_get_str(DeviceState *dev, const char *name)
{
    QdevValue v;
    get_value(dev, name, &v);
    return v.s;
}

MACAddr qdev_get_mac(DeviceState *dev, const char *name)
{
    QdevValue v;
    get_value(dev, name, &v);
    return v.mac;
}

const char *qdev_display_name(DeviceState *dev)
{
    return dev->id ? dev->id : dev->model->name;
}
