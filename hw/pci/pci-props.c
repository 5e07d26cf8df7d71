/* pci-props.c: the properties every PCI device has (addr=, romfile=, multifunction=, ...). */
#include "hw/pci/pci-device.h"

/* As `-device e1000,help` prints them in QEMU 7.2. */
const QdevProp pci_device_props[] = {
    { "acpi-index", QDEV_PROP_UINT32, NULL, NULL, "0" },
    { "addr", QDEV_PROP_PCI_DEVFN, NULL, "Slot and optional function number, example: 06.0 or 06", "-1" },
    { "failover_pair_id", QDEV_PROP_STR, NULL, NULL, NULL },
    { "multifunction", QDEV_PROP_BOOL, NULL, "on/off", "false" },
    { "rombar", QDEV_PROP_UINT32, NULL, NULL, "1" },
    { "romfile", QDEV_PROP_STR, NULL, NULL, NULL },
    { "romsize", QDEV_PROP_UINT32, NULL, NULL, "4294967295" },
    { "x-pcie-extcap-init", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { "x-pcie-lnksta-dllla", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { NULL },
};
