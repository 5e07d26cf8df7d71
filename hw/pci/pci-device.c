/* pci-device.c: what every PCI device does at realize: acpi-index, slot, failover and ROM checks. */
#include "hw/pci/pci-device.h"

#include <unistd.h>

#include "hw/core/bus.h"
#include "hw/core/hw-state.h"
#include "hw/pci/pci-bus.h"
#include "net/context.h"

/*
 * Where QEMU (Debian) looks for option ROMs after the name as given:
 * `qemu-system-x86_64 -L help`.
 */
static const char *const rom_dirs[] = {
    "/usr/share/qemu", "/usr/share/seabios", "/usr/lib/ipxe/qemu", NULL,
};

static bool check_acpi_index(DeviceState *dev, Error **errp)
{
    uint64_t index = qdev_get_uint(dev, "acpi-index");
    if (index > PCI_ACPI_INDEX_MAX) {
        error_setg(errp, "acpi-index should be less or equal to %d",
                   PCI_ACPI_INDEX_MAX);
        return false;
    }
    GHashTable *used = hw_state(dev->ctx)->acpi_indexes;
    if (index && g_hash_table_contains(used, GUINT_TO_POINTER(index))) {
        error_setg(errp, "a PCI device with acpi-index = %u already exist",
                   (unsigned)index);
        return false;
    }
    return true;
}

bool pci_device_place(DeviceState *dev, HwBus *bus, Error **errp)
{
    if (!check_acpi_index(dev, errp)) {
        return false;
    }
    int devfn = pci_bus_claim(bus->pci, (int)qdev_get_int(dev, "addr"),
                              dev->model->name, dev->id,
                              qdev_get_bool(dev, "multifunction"), errp);
    if (devfn < 0) {
        return false;
    }
    dev->bus = bus;
    dev->devfn = devfn;
    return true;
}

static bool rom_exists(const char *name)
{
    if (access(name, R_OK) == 0) {
        return true;
    }
    for (int i = 0; rom_dirs[i]; i++) {
        g_autofree char *path = g_build_filename(rom_dirs[i], name, NULL);
        if (access(path, R_OK) == 0) {
            return true;
        }
    }
    return false;
}

/* Only an explicit romfile= is looked for: qnet loads no ROM. */
static bool check_romfile(DeviceState *dev, Error **errp)
{
    const char *rom = qdev_get_str(dev, "romfile");
    if (!rom || !*rom || rom_exists(rom)) {
        return true;
    }
    if (qdev_get_uint(dev, "rombar") == 0) {
        /* QEMU reports this later, when it loads ROMs, and goes on. */
        qnet_log(dev->ctx, QNET_LOG_ERROR, NULL,
                 "Could not open option rom '%s': No such file or directory",
                 rom);
        return true;
    }
    error_setg(errp, "failed to find romfile \"%s\"", rom);
    return false;
}

bool pci_device_post_checks(DeviceState *dev, Error **errp)
{
    if (qdev_get_str(dev, "failover_pair_id") && !dev->bus->express) {
        error_setg(errp, "failover primary device must be on PCIExpress bus");
        return false;
    }
    return check_romfile(dev, errp);
}

void pci_device_commit(DeviceState *dev)
{
    uint64_t index = qdev_get_uint(dev, "acpi-index");
    if (index) {
        g_hash_table_add(hw_state(dev->ctx)->acpi_indexes,
                         GUINT_TO_POINTER(index));
    }
}

void pci_device_unplace(DeviceState *dev)
{
    if (dev->devfn >= 0 && dev->bus) {
        pci_bus_release(dev->bus->pci, dev->devfn);
        dev->devfn = -1;
    }
    uint64_t index = qdev_get_uint(dev, "acpi-index");
    if (dev->realized && index) {
        g_hash_table_remove(hw_state(dev->ctx)->acpi_indexes,
                            GUINT_TO_POINTER(index));
    }
}
