/* pvrdma.c: the pvrdma device's realize checks; it never realizes in qnet (no shared-memory RAM). */
#include "hw/net/nic-models.h"

#include <string.h>

#include "hw/core/bus.h"
#include "hw/pci/pci-bus.h"
#include "net/context.h"

/*
 * QEMU requires a vmxnet3 at function 0 of the same slot, then RAM backed
 * by shared memory, which only a memory backend object gives: qnet has
 * none, so this always fails as QEMU does without one.
 */
bool pvrdma_check(DeviceState *dev, Error **errp)
{
    int slot = PCI_SLOT(dev->devfn);
    const char *fn0 = pci_bus_type_at(dev->bus->pci, PCI_DEVFN(slot, 0));
    qnet_log(dev->ctx, QNET_LOG_INFO, dev->location,
             "rdma: Initializing device pvrdma %x.%x", slot,
             PCI_FUNC(dev->devfn));
    if (!fn0 || strcmp(fn0, "vmxnet3") != 0) {
        error_setg(errp, "Device on %x.0 must be vmxnet3", slot);
        return false;
    }
    error_setg(errp, "Only shared memory backed ram is supported");
    return false;
}
