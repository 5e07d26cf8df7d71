/* nic-models.c: the table of NIC device models QEMU's x86 machines offer (-device help, -nic model=help). */
#include "hw/net/nic-models.h"

#include <string.h>

#include "hw/net/nic-noguest.h"
#include "hw/net/nic-props.h"
#include "hw/pci/pci-device.h"
#include "hw/virtio/virtio-net.h"
#include "net/context.h"

/* Subsystem ids QEMU gives PCI devices by default (Red Hat, QEMU). */
#define SUBSYS_QEMU .subsys_vendor_id = 0x1af4, .subsys_id = 0x1100
#define CLASS_ETHERNET 0x0200
#define CLASS_NETWORK_OTHER 0x0280

static const QdevProp *const e1000_groups[] = {
    pci_device_props, nic_conf_props, e1000_props, NULL,
};
static const QdevProp *const e1000e_groups[] = {
    pci_device_props, nic_conf_props, e1000e_props, NULL,
};
static const QdevProp *const pci_nic_groups[] = {
    pci_device_props, nic_conf_props, NULL,
};
static const QdevProp *const vmxnet3_groups[] = {
    pci_device_props, nic_conf_props, vmxnet3_props, NULL,
};
static const QdevProp *const pvrdma_groups[] = {
    pci_device_props, pvrdma_props, NULL,
};
static const QdevProp *const rocker_groups[] = {
    pci_device_props, rocker_props, NULL,
};
static const QdevProp *const ne2k_isa_groups[] = {
    nic_conf_props, ne2k_isa_props, NULL,
};
static const QdevProp *const usb_net_groups[] = {
    nic_conf_props, usb_net_props, NULL,
};
static const QdevProp *const virtio_net_groups[] = {
    nic_conf_props, virtio_net_props, NULL,
};
static const QdevProp *const virtio_net_pci_groups[] = {
    pci_device_props, nic_conf_props, virtio_net_props, virtio_pci_props,
    virtio_pci_mode_props, NULL,
};
static const QdevProp *const virtio_net_pci_fixed_groups[] = {
    pci_device_props, nic_conf_props, virtio_net_props, virtio_pci_props,
    NULL,
};

/* A PCI NIC with QEMU's usual subsystem ids and no guest side yet. */
#define PCI_NIC(vendor, device, rev)                                        \
    .bus = QDEV_BUS_PCI, .has_nic_conf = true,                              \
    .pci = { .vendor_id = (vendor), .device_id = (device),                  \
             .revision = (rev),                                             \
             .class_id = CLASS_ETHERNET, SUBSYS_QEMU },                     \
    .realize = nic_realize_noguest

/* The Intel 8255x family: one device file in QEMU, ids from config space. */
#define EEPRO100(nm, description, device, rev)                              \
    { .name = (nm), .desc = (description), .props = pci_nic_groups,         \
      PCI_NIC(0x8086, (device), (rev)) }

const DeviceModel nic_models[] = {
    { .name = "e1000", .alias = "e1000-82540em",
      .desc = "Intel Gigabit Ethernet", .props = e1000_groups,
      PCI_NIC(0x8086, 0x100e, 0x03) },
    { .name = "e1000-82544gc", .desc = "Intel Gigabit Ethernet",
      .props = e1000_groups, PCI_NIC(0x8086, 0x100c, 0x03) },
    { .name = "e1000-82545em", .desc = "Intel Gigabit Ethernet",
      .props = e1000_groups, PCI_NIC(0x8086, 0x100f, 0x03) },
    { .name = "e1000e", .desc = "Intel 82574L GbE Controller",
      .props = e1000e_groups, .bus = QDEV_BUS_PCI, .has_nic_conf = true,
      .pci = { 0x8086, 0x10d3, 0x00, CLASS_ETHERNET, 0x8086, 0x0000,
               .express = true },
      .realize = nic_realize_noguest },
    EEPRO100("i82550", "Intel i82550 Ethernet", 0x1209, 0x0e),
    EEPRO100("i82551", "Intel i82551 Ethernet", 0x1209, 0x0f),
    EEPRO100("i82557a", "Intel i82557A Ethernet", 0x1229, 0x01),
    EEPRO100("i82557b", "Intel i82557B Ethernet", 0x1229, 0x02),
    EEPRO100("i82557c", "Intel i82557C Ethernet", 0x1229, 0x03),
    EEPRO100("i82558a", "Intel i82558A Ethernet", 0x1229, 0x04),
    EEPRO100("i82558b", "Intel i82558B Ethernet", 0x1229, 0x05),
    EEPRO100("i82559a", "Intel i82559A Ethernet", 0x1229, 0x06),
    EEPRO100("i82559b", "Intel i82559B Ethernet", 0x1229, 0x07),
    { .name = "i82559c", .desc = "Intel i82559C Ethernet",
      .props = pci_nic_groups, .bus = QDEV_BUS_PCI, .has_nic_conf = true,
      .pci = { 0x8086, 0x1229, 0x0c, CLASS_ETHERNET, 0x8086, 0x0040 },
      .realize = nic_realize_noguest },
    EEPRO100("i82559er", "Intel i82559ER Ethernet", 0x1209, 0x09),
    EEPRO100("i82562", "Intel i82562 Ethernet", 0x1209, 0x0e),
    EEPRO100("i82801", "Intel i82801 Ethernet", 0x2449, 0x03),
    { .name = "ne2k_isa", .bus = QDEV_BUS_ISA, .props = ne2k_isa_groups,
      .has_nic_conf = true, .check = ne2k_isa_check,
      .realize = nic_realize_noguest },
    { .name = "ne2k_pci", .props = pci_nic_groups,
      PCI_NIC(0x10ec, 0x8029, 0x00) },
    { .name = "pcnet", .props = pci_nic_groups, .bus = QDEV_BUS_PCI,
      .has_nic_conf = true,
      .pci = { 0x1022, 0x2000, 0x10, CLASS_ETHERNET, 0x0000, 0x0000 },
      .realize = nic_realize_noguest },
    /* [inf] ids from the VMware PVRDMA spec; QEMU cannot realize it here. */
    { .name = "pvrdma", .desc = "RDMA Device", .props = pvrdma_groups,
      .bus = QDEV_BUS_PCI,
      .pci = { 0x15ad, 0x0820, 0x00, CLASS_NETWORK_OTHER, 0x15ad, 0x0820 },
      .check = pvrdma_check },
    { .name = "rocker", .desc = "Rocker Switch", .props = rocker_groups,
      .bus = QDEV_BUS_PCI,
      .pci = { 0x1b36, 0x0006, 0x01, CLASS_NETWORK_OTHER, SUBSYS_QEMU },
      .check = rocker_check, .realize = rocker_realize },
    { .name = "rtl8139", .props = pci_nic_groups,
      PCI_NIC(0x10ec, 0x8139, 0x20) },
    { .name = "tulip", .props = pci_nic_groups, .bus = QDEV_BUS_PCI,
      .has_nic_conf = true,
      .pci = { 0x1011, 0x0019, 0x00, CLASS_ETHERNET, 0x103c, 0x104f },
      .realize = nic_realize_noguest },
    { .name = "usb-net", .bus = QDEV_BUS_USB, .props = usb_net_groups,
      .has_nic_conf = true, .check = usb_net_check,
      .realize = nic_realize_noguest },
    { .name = "virtio-net-device", .bus = QDEV_BUS_VIRTIO,
      .props = virtio_net_groups, .has_nic_conf = true,
      .check = virtio_net_check, .realize = nic_realize_noguest },
    /* virtio-pci devices are PCI Express endpoints on a PCIe bus. */
    { .name = "virtio-net-pci", .alias = "virtio-net",
      .props = virtio_net_pci_groups, .bus = QDEV_BUS_PCI,
      .has_nic_conf = true,
      .pci = { 0x1af4, 0x1000, 0x00, CLASS_ETHERNET, 0x1af4, 0x0001 },
      .check = virtio_net_pci_check, .realize = nic_realize_noguest },
    { .name = "virtio-net-pci-non-transitional",
      .props = virtio_net_pci_fixed_groups, .bus = QDEV_BUS_PCI,
      .has_nic_conf = true,
      .pci = { 0x1af4, 0x1041, 0x01, CLASS_ETHERNET, SUBSYS_QEMU },
      .check = virtio_net_check, .realize = nic_realize_noguest },
    { .name = "virtio-net-pci-transitional",
      .props = virtio_net_pci_fixed_groups, .bus = QDEV_BUS_PCI,
      .has_nic_conf = true,
      .pci = { 0x1af4, 0x1000, 0x00, CLASS_ETHERNET, 0x1af4, 0x0001 },
      .check = virtio_net_check, .realize = nic_realize_noguest },
    { .name = "vmxnet3", .desc = "VMWare Paravirtualized Ethernet v3",
      .props = vmxnet3_groups, .bus = QDEV_BUS_PCI, .has_nic_conf = true,
      .pci = { 0x15ad, 0x07b0, 0x01, CLASS_ETHERNET, 0x15ad, 0x07b0,
               .express = true },
      .realize = nic_realize_noguest },
    { NULL },
};

const DeviceModel *nic_model_find_onboard(const char *name)
{
    /* -net nic / -nic still take QEMU's old short name for virtio. */
    if (strcmp(name, "virtio") == 0) {
        name = "virtio-net-pci";
    }
    for (const DeviceModel *m = nic_models; m->name; m++) {
        if (m->bus == QDEV_BUS_PCI && qdev_model_has_prop(m, "netdev") &&
            strcmp(m->name, name) == 0) {
            return m;
        }
    }
    return NULL;
}

void nic_models_help(GString *out)
{
    g_string_append(out, "Supported NIC models:\n");
    for (const DeviceModel *m = nic_models; m->name; m++) {
        if (nic_model_find_onboard(m->name)) {
            g_string_append_printf(out, "%s\n", m->name);
        }
    }
}

bool nic_realize_noguest(DeviceState *dev, Error **errp)
{
    nic_conf_default_mac(dev->ctx, dev->conf);
    g_ptr_array_add(dev->frontends,
                    nic_noguest_new(dev->ctx, dev->conf, dev->model->name,
                                    dev->id));
    return true;
}
