/* microvm.c: the microvm machine: ISA, 24 virtio-mmio buses, optional USB and PCIe; no on-board NICs. */
#include "hw/machine.h"
#include "hw/pci/pci-bus.h"
#include "hw/usb/usb-bus.h"

/* microvm's virtio-mmio transports, one device each. */
#define MICROVM_VIRTIO_MMIO 24

static void microvm_init(MachineState *ms)
{
    machine_add_bus(ms, "isa.0", "ISA", QDEV_BUS_ISA, 0);
    for (int i = 0; i < MICROVM_VIRTIO_MMIO; i++) {
        g_autofree char *name = g_strdup_printf("virtio-mmio-bus.%d", i);
        machine_add_bus(ms, name, "virtio-mmio-bus", QDEV_BUS_VIRTIO, 1);
    }
    if (machine_opt_bool(ms, "usb", false)) {
        HwBus *usb = machine_add_bus(ms, "usb-bus.0", "usb-bus",
                                     QDEV_BUS_USB, 0);
        usb->usb = usb_bus_new(8);
    }
    if (machine_opt_on_off_auto(ms, "pcie", false)) {
        HwBus *pci = machine_add_bus(ms, "pcie.0", "PCIE", QDEV_BUS_PCI, 0);
        pci->pci = pci_bus_new();
        pci->express = true;
        pci_bus_claim(pci->pci, 0, "gpex-root", NULL, false, NULL);
    }
}

static const MachineProp *const microvm_props[] = {
    machine_common_props, machine_x86_props, machine_microvm_props, NULL,
};

/* QEMU's microvm ignores -net nic / -nic: the requests stay unused. */
const MachineClass microvm_class = {
    .props = microvm_props,
    .init = microvm_init,
};
