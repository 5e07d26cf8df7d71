/* machine-none.c: the "none" machine (no buses) and "x-remote" (one PCIe bus); no on-board NICs. */
#include "hw/machine.h"
#include "hw/pci/pci-bus.h"

static void none_init(MachineState *ms)
{
}

static void x_remote_init(MachineState *ms)
{
    HwBus *pci = machine_add_bus(ms, "remote-pci", "PCIE", QDEV_BUS_PCI, 0);
    pci->pci = pci_bus_new();
    pci->express = true;
}

static const MachineProp *const none_props[] = {
    machine_common_props, NULL,
};

static const MachineProp *const x_remote_props[] = {
    machine_common_props, machine_x_remote_props, NULL,
};

const MachineClass none_class = {
    .props = none_props,
    .init = none_init,
};

const MachineClass x_remote_class = {
    .props = x_remote_props,
    .init = x_remote_init,
};
