/* pci-device.h: what every PCI device does at realize: acpi-index, slot, failover and ROM checks. */
#ifndef QNET_HW_PCI_PCI_DEVICE_H
#define QNET_HW_PCI_PCI_DEVICE_H

#include "hw/core/device.h"

/* addr=, romfile=, multifunction=, ... (`-device e1000,help`). */
extern const QdevProp pci_device_props[];

/* Largest acpi-index QEMU accepts. */
#define PCI_ACPI_INDEX_MAX 16383

/*
 * Places @dev on @bus, in QEMU's order: acpi-index range and uniqueness,
 * then the slot (addr= or the first free one) with the multifunction
 * rules.  Sets dev->devfn.
 */
bool pci_device_place(DeviceState *dev, HwBus *bus, Error **errp);

/* The checks QEMU makes after the model's realize: failover, romfile. */
bool pci_device_post_checks(DeviceState *dev, Error **errp);

/* Records what a realized device holds (its acpi-index). */
void pci_device_commit(DeviceState *dev);

/* Frees the slot (and acpi-index) of @dev. */
void pci_device_unplace(DeviceState *dev);

#endif
