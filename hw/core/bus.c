/* bus.c: the buses a machine offers (pci.0, isa.0, usb-bus.0, ...) and choosing one for a device. */
#include "hw/core/bus.h"

#include <string.h>

#include "hw/pci/pci-bus.h"
#include "hw/usb/usb-bus.h"

const char *hw_bus_type_name(QdevBusType type)
{
    static const char *const names[] = {
        [QDEV_BUS_PCI] = "PCI",
        [QDEV_BUS_ISA] = "ISA",
        [QDEV_BUS_USB] = "usb-bus",
        [QDEV_BUS_VIRTIO] = "virtio-bus",
    };
    return names[type];
}

HwBus *hw_bus_new(const char *name, const char *type_name, QdevBusType type,
                  unsigned max_devices)
{
    HwBus *bus = g_new0(HwBus, 1);
    bus->name = g_strdup(name);
    bus->type_name = type_name;
    bus->type = type;
    bus->max_devices = max_devices;
    return bus;
}

void hw_bus_free(HwBus *bus)
{
    if (!bus) {
        return;
    }
    pci_bus_free(bus->pci);
    usb_bus_free(bus->usb);
    g_free(bus->name);
    g_free(bus);
}

static bool bus_full(const HwBus *bus)
{
    return bus->max_devices && bus->ndevices >= bus->max_devices;
}

static HwBus *find_named(GPtrArray *buses, const DeviceModel *model,
                         const char *bus_name, Error **errp)
{
    for (guint i = 0; i < buses->len; i++) {
        HwBus *bus = buses->pdata[i];
        if (strcmp(bus->name, bus_name) != 0) {
            continue;
        }
        if (bus->type != model->bus) {
            error_setg(errp, "Device '%s' can't go on %s bus", model->name,
                       bus->type_name);
            return NULL;
        }
        if (bus_full(bus)) {
            error_setg(errp, "Bus '%s' is full", bus->name);
            return NULL;
        }
        return bus;
    }
    error_setg(errp, "Bus '%s' not found", bus_name);
    return NULL;
}

HwBus *hw_bus_choose(GPtrArray *buses, const DeviceModel *model,
                     const char *bus_name, Error **errp)
{
    if (bus_name) {
        return find_named(buses, model, bus_name, errp);
    }
    /* QEMU walks the bus tree newest child first. */
    for (guint i = buses->len; i-- > 0;) {
        HwBus *bus = buses->pdata[i];
        if (bus->type == model->bus && !bus_full(bus)) {
            return bus;
        }
    }
    error_setg(errp, "No '%s' bus found for device '%s'",
               hw_bus_type_name(model->bus), model->name);
    return NULL;
}
