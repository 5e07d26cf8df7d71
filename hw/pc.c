/* pc.c: the PC machines (i440FX "pc", Q35 "q35", "isapc"): buses, built-in devices, on-board NICs. */
#include <string.h>

#include "hw/core/qdev.h"
#include "hw/core/qdev-registry.h"
#include "hw/machine.h"
#include "hw/net/nic-models.h"
#include "hw/pci/pci-bus.h"
#include "hw/usb/usb-bus.h"
#include "net/context.h"
#include "qnet/qnet.h"

/* QEMU's on-board ne2k_isa slots on PC machines: at most 6. */
static const uint32_t ne2k_iobase[] = { 0x300, 0x320, 0x340, 0x360,
                                        0x280, 0x380 };
static const uint32_t ne2k_irq[] = { 9, 10, 11, 3, 4, 5 };

/* A built-in PCI function (shown in QEMU's slot conflict messages). */
static void builtin(HwBus *bus, int slot, int fn, const char *type,
                    bool multifunction)
{
    pci_bus_claim(bus->pci, PCI_DEVFN(slot, fn), type, NULL, multifunction,
                  NULL);
}

static HwBus *add_pci_bus(MachineState *ms, const char *name,
                          const char *type_name, bool express)
{
    HwBus *bus = machine_add_bus(ms, name, type_name, QDEV_BUS_PCI, 0);
    bus->pci = pci_bus_new();
    bus->express = express;
    return bus;
}

static void add_usb_bus(MachineState *ms, unsigned nports)
{
    HwBus *bus = machine_add_bus(ms, "usb-bus.0", "usb-bus", QDEV_BUS_USB, 0);
    bus->usb = usb_bus_new(nports);
}

static void i440fx_init(MachineState *ms)
{
    HwBus *pci = add_pci_bus(ms, "pci.0", "PCI", false);
    builtin(pci, 0, 0, "i440FX", false);
    builtin(pci, 1, 0, "PIIX3", true);
    builtin(pci, 1, 1, "piix3-ide", false);
    builtin(pci, 1, 3, "PIIX4_PM", false);
    if (ms->default_devices) {
        builtin(pci, 2, 0, "VGA", false);
    }
    machine_add_bus(ms, "isa.0", "ISA", QDEV_BUS_ISA, 0);
    if (machine_opt_bool(ms, "usb", false)) {
        builtin(pci, 1, 2, "piix3-usb-uhci", false);
        add_usb_bus(ms, 2);
    }
}

static void q35_init(MachineState *ms)
{
    HwBus *pci = add_pci_bus(ms, "pcie.0", "PCIE", true);
    builtin(pci, 0, 0, "mch", false);
    builtin(pci, 0x1f, 0, "ICH9-LPC", true);
    if (ms->default_devices) {
        builtin(pci, 1, 0, "VGA", false);
    }
    if (machine_opt_bool(ms, "sata", true)) {
        builtin(pci, 0x1f, 2, "ich9-ahci", false);
    }
    if (machine_opt_bool(ms, "smbus", true)) {
        builtin(pci, 0x1f, 3, "ICH9-SMB", false);
    }
    machine_add_bus(ms, "isa.0", "ISA", QDEV_BUS_ISA, 0);
    if (machine_opt_bool(ms, "usb", false)) {
        builtin(pci, 0x1d, 0, "ich9-usb-uhci1", true);
        builtin(pci, 0x1d, 1, "ich9-usb-uhci2", true);
        builtin(pci, 0x1d, 2, "ich9-usb-uhci3", true);
        builtin(pci, 0x1d, 7, "ich9-usb-ehci1", true);
        add_usb_bus(ms, 6);
    }
}

static void isapc_init(MachineState *ms)
{
    machine_add_bus(ms, "isa.0", "ISA", QDEV_BUS_ISA, 0);
}

static const char *request_model(const MachineState *ms, const NICInfo *nd)
{
    return nd->model ? nd->model : machine_default_nic(ms);
}

static bool pc_nic_help(QnetContext *ctx, MachineState *ms, GString *out)
{
    for (int i = 0; i < MAX_NICS; i++) {
        const NICInfo *nd = &ctx->nics.nd[i];
        const char *model = nd->used ? request_model(ms, nd) : NULL;
        if (!model || strcmp(model, "ne2k_isa") == 0) {
            continue;
        }
        if (strcmp(model, "help") == 0 || strcmp(model, "?") == 0) {
            nic_models_help(out);
            return true;
        }
        if (!nic_model_find_onboard(model)) {
            return false;   /* machine_create_nics() reports it */
        }
    }
    return false;
}

/* The ISA path: ne2k_isa at the next of QEMU's six fixed places. */
static bool init_ne2k_isa(QnetContext *ctx, MachineState *ms, NICInfo *nd,
                          Error **errp)
{
    if (ms->isa_nics == G_N_ELEMENTS(ne2k_iobase)) {
        return true;    /* QEMU silently skips it */
    }
    char iobase[16], irq[16];
    g_snprintf(iobase, sizeof(iobase), "%u", ne2k_iobase[ms->isa_nics]);
    g_snprintf(irq, sizeof(irq), "%u", ne2k_irq[ms->isa_nics]);
    const char *props[] = { "iobase", iobase, "irq", irq, NULL };
    if (!qdev_create_onboard_nic(ctx, qdev_registry_find("ne2k_isa"), nd,
                                 -1, props, errp)) {
        return false;
    }
    ms->isa_nics++;
    return true;
}

/* The PCI path, as QEMU's pci_nic_init_nofail() orders its checks. */
static bool init_pci_nic(QnetContext *ctx, MachineState *ms, NICInfo *nd,
                         const char *model_name, Error **errp)
{
    const DeviceModel *model = nic_model_find_onboard(model_name);
    if (!model) {
        error_setg(errp, "Unsupported NIC model: %s", model_name);
        return false;
    }
    if (!machine_find_bus_of_type(ms, QDEV_BUS_PCI)) {
        error_setg(errp, "No primary PCI bus");
        return false;
    }
    int devfn = -1;
    if (nd->devaddr) {
        devfn = pci_parse_legacy_devaddr(nd->devaddr);
        if (devfn < 0) {
            error_setg(errp, "Invalid PCI device address %s for device %s",
                       nd->devaddr, model->name);
            return false;
        }
    }
    return qdev_create_onboard_nic(ctx, model, nd, devfn, NULL, errp);
}

static bool pc_create_nics(QnetContext *ctx, MachineState *ms, Error **errp)
{
    for (int i = 0; i < MAX_NICS; i++) {
        NICInfo *nd = &ctx->nics.nd[i];
        if (!nd->used) {
            continue;
        }
        const char *model = request_model(ms, nd);
        bool ok = strcmp(model, "ne2k_isa") == 0
                      ? init_ne2k_isa(ctx, ms, nd, errp)
                      : init_pci_nic(ctx, ms, nd, model, errp);
        if (!ok) {
            return false;
        }
    }
    return true;
}

static const MachineProp *const pc_props[] = {
    machine_common_props, machine_x86_props, machine_pc_props, NULL,
};

const MachineClass pc_i440fx_class = {
    .props = pc_props,
    .init = i440fx_init,
    .nic_help = pc_nic_help,
    .create_nics = pc_create_nics,
    .default_nic = "e1000",
};

const MachineClass pc_q35_class = {
    .props = pc_props,
    .init = q35_init,
    .nic_help = pc_nic_help,
    .create_nics = pc_create_nics,
    .default_nic = "e1000e",
};

const MachineClass isapc_class = {
    .props = pc_props,
    .init = isapc_init,
    .nic_help = pc_nic_help,
    .create_nics = pc_create_nics,
    .default_nic = "ne2k_isa",
};
