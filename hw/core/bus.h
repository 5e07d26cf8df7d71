/* bus.h: the buses a machine offers (pci.0, isa.0, usb-bus.0, ...) and choosing one for a device. */
#ifndef QNET_HW_CORE_BUS_H
#define QNET_HW_CORE_BUS_H

#include <glib.h>

#include "hw/core/device.h"

typedef struct PciBus PciBus;
typedef struct UsbBus UsbBus;

struct HwBus {
    char *name;              /* "pci.0", "isa.0", "virtio-mmio-bus.3" */
    const char *type_name;   /* "PCI", "PCIE", "ISA", "usb-bus", ... */
    QdevBusType type;
    unsigned max_devices;    /* 0: no limit */
    unsigned ndevices;
    bool express;            /* a PCI Express bus */
    PciBus *pci;             /* PCI buses: slots and functions */
    UsbBus *usb;             /* USB buses: ports */
};

/* The name QEMU gives a kind of bus in "No 'PCI' bus found". */
const char *hw_bus_type_name(QdevBusType type);

/* A new empty bus; @type_name is a string constant. */
HwBus *hw_bus_new(const char *name, const char *type_name, QdevBusType type,
                  unsigned max_devices);

void hw_bus_free(HwBus *bus);

/*
 * Chooses the bus of @dev among @buses (HwBus *, creation order): the one
 * named @bus_name, or else the newest one of the device's kind with room.
 * Errors: "Bus 'x' not found", "Device 'e1000' can't go on ISA bus",
 * "Bus 'x' is full", "No 'PCI' bus found for device 'e1000'".
 */
HwBus *hw_bus_choose(GPtrArray *buses, const DeviceModel *model,
                     const char *bus_name, Error **errp);

#endif
