/* device.h: a device instance created by -device or by a board, and what its model reads of it. */
#ifndef QNET_HW_CORE_DEVICE_H
#define QNET_HW_CORE_DEVICE_H

#include <glib.h>

#include "hw/core/qdev-model.h"
#include "net/nic.h"

typedef struct HwBus HwBus;

struct DeviceState {
    QnetContext *ctx;
    const DeviceModel *model;
    char *id;               /* -device id=, or NULL */
    char *location;         /* "-device ..." for messages, or NULL */
    HwBus *bus;             /* set by placement */
    int devfn;              /* PCI slot << 3 | function, or -1 */
    int usb_port;           /* USB root port (1-based), or 0 */
    GHashTable *values;     /* property name -> QdevValue, explicit values */
    NICConf *conf;          /* mac=, netdev=, bootindex=; NULL if no NICConf */
    GPtrArray *frontends;   /* NicNoGuest *, created at realize */
    bool realized;
};

/* A new unrealized device of @model (not yet listed in the context). */
DeviceState *qdev_new(QnetContext *ctx, const DeviceModel *model,
                      const char *id);

/* Releases the device's frontends, bus place and values, and frees it. */
void qdev_free(DeviceState *dev);

/*
 * Sets property @name from command-line text, as QEMU's -device does
 * (errors such as "Property 'e1000.foo' not found").
 */
bool qdev_set_prop(DeviceState *dev, const char *name, const char *text,
                   Error **errp);

/* True when @name was given a value. */
bool qdev_prop_is_set(DeviceState *dev, const char *name);

/* The value of @name: the one set, else the declared default. */
bool qdev_get_bool(DeviceState *dev, const char *name);
uint64_t qdev_get_uint(DeviceState *dev, const char *name);
int64_t qdev_get_int(DeviceState *dev, const char *name);
QdevOnOffAuto qdev_get_on_off_auto(DeviceState *dev, const char *name);
/* NULL when unset with no default; the string belongs to @dev. */
const char *qdev_get_str(DeviceState *dev, const char *name);
/* All zero when unset. */
MACAddr qdev_get_mac(DeviceState *dev, const char *name);

/* The name messages use: the id, or the model name. */
const char *qdev_display_name(DeviceState *dev);

#endif
