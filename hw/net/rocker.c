/* rocker.c: the rocker switch: one NIC without guest side per front-panel port. */
#include "hw/net/nic-models.h"

#include <string.h>

#include "hw/core/hw-state.h"
#include "hw/net/nic-noguest.h"

#define ROCKER_DEFAULT_NAME "rocker"
#define ROCKER_WORLD_OF_DPA "of-dpa"
#define ROCKER_FP_PORTS_MAX 62
/* Port names are "<name>p<N>b<M>" in a 16-byte interface name. */
#define ROCKER_NAME_MAX 9

static const MACAddr rocker_default_mac = {
    { 0x52, 0x54, 0x00, 0x12, 0x35, 0x01 },
};

static const char *rocker_name(DeviceState *dev)
{
    const char *name = qdev_get_str(dev, "name");
    return name ? name : ROCKER_DEFAULT_NAME;
}

static bool name_in_use(DeviceState *dev, const char *name)
{
    GPtrArray *devices = hw_state(dev->ctx)->devices;
    for (guint i = 0; i < devices->len; i++) {
        DeviceState *other = devices->pdata[i];
        if (other->model == dev->model &&
            strcmp(rocker_name(other), name) == 0) {
            return true;
        }
    }
    return false;
}

/* QEMU crashes on the last two errors after reporting them. */
bool rocker_check(DeviceState *dev, Error **errp)
{
    const char *world = qdev_get_str(dev, "world");
    if (world && strcmp(world, ROCKER_WORLD_OF_DPA) != 0) {
        error_setg(errp, "invalid argument requested world %s does not exist",
                   world);
        return false;
    }
    const char *name = rocker_name(dev);
    if (name_in_use(dev, name)) {
        error_setg(errp, "%s already exists", name);
        return false;
    }
    if (strlen(name) > ROCKER_NAME_MAX) {
        error_setg(errp, "name too long; please shorten to at most %d chars",
                   ROCKER_NAME_MAX);
        return false;
    }
    return true;
}

/*
 * Each port is a NIC whose model is the switch name ("rocker.0").  Ports
 * take MACs from fp_start_macaddr up, by their last byte as QEMU does.
 */
bool rocker_realize(DeviceState *dev, Error **errp)
{
    uint64_t nports = MIN(qdev_get_uint(dev, "len-ports"),
                          ROCKER_FP_PORTS_MAX);
    MACAddr base = qdev_get_mac(dev, "fp_start_macaddr");
    if (mac_is_zero(&base)) {
        base = rocker_default_mac;
    }
    for (uint64_t i = 0; i < nports; i++) {
        NICConf conf = { .macaddr = base, .mac_set = true, .bootindex = -1 };
        conf.macaddr.a[5] = (uint8_t)(base.a[5] + i);
        nic_conf_default_mac(dev->ctx, &conf);
        g_ptr_array_add(dev->frontends,
                        nic_noguest_new(dev->ctx, &conf, rocker_name(dev),
                                        NULL));
    }
    return true;
}
