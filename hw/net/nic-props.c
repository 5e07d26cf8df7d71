/* nic-props.c: the properties of NIC device models, as QEMU 7.2 declares them. */
#include "hw/net/nic-props.h"

/* NICConf: every NIC. */
const QdevProp nic_conf_props[] = {
    { "bootindex", QDEV_PROP_BOOTINDEX, NULL, NULL, NULL },
    { "mac", QDEV_PROP_MAC, NULL, "Ethernet 6-byte MAC Address, example: 52:54:00:12:34:56", NULL },
    { "netdev", QDEV_PROP_NETDEV, NULL, "ID of a netdev to use as a backend", NULL },
    { NULL },
};

const QdevProp e1000_props[] = {
    { "autonegotiation", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { "extra_mac_registers", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { "init-vet", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { "migrate_tso_props", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { "mitigation", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { NULL },
};

const QdevProp e1000e_props[] = {
    { "disable_vnet_hdr", QDEV_PROP_UINT8, NULL, "Do not use virtio headers, perform SW offloads emulation instead", "0" },
    { "init-vet", QDEV_PROP_BOOL, NULL, NULL, "true" },
    { "subsys", QDEV_PROP_UINT16, NULL, "PCI device Subsystem ID", "0" },
    { "subsys_ven", QDEV_PROP_UINT16, NULL, "PCI device Subsystem Vendor ID", "32902" },
    { NULL },
};

const QdevProp vmxnet3_props[] = {
    { "x-disable-pcie", QDEV_PROP_BOOL, NULL, "on/off", "false" },
    { "x-old-msi-offsets", QDEV_PROP_BOOL, NULL, "on/off", "false" },
    { NULL },
};

/* pvrdma has a plain string netdev= and no NICConf. */
const QdevProp pvrdma_props[] = {
    { "dev-caps-max-ah", QDEV_PROP_INT32, NULL, NULL, "64" },
    { "dev-caps-max-cq", QDEV_PROP_INT32, NULL, NULL, "2048" },
    { "dev-caps-max-mr-size", QDEV_PROP_UINT64, NULL, NULL, "134217728" },
    { "dev-caps-max-mr", QDEV_PROP_INT32, NULL, NULL, "1024" },
    { "dev-caps-max-pd", QDEV_PROP_INT32, NULL, NULL, "1024" },
    { "dev-caps-max-qp-init-rd-atom", QDEV_PROP_INT32, NULL, NULL, "16" },
    { "dev-caps-max-qp", QDEV_PROP_INT32, NULL, NULL, "1024" },
    { "dev-caps-max-srq", QDEV_PROP_INT32, NULL, NULL, "512" },
    { "dev-caps-qp-rd-atom", QDEV_PROP_INT32, NULL, NULL, "16" },
    { "ibdev", QDEV_PROP_STR, NULL, NULL, NULL },
    { "ibport", QDEV_PROP_UINT8, NULL, NULL, "1" },
    { "mad-chardev", QDEV_PROP_STR, NULL, "ID of a chardev to use as a backend", NULL },
    { "netdev", QDEV_PROP_STR, NULL, NULL, NULL },
    { NULL },
};

/* rocker: a switch whose ports are NICs; no NICConf of its own. */
const QdevProp rocker_props[] = {
    { "fp_start_macaddr", QDEV_PROP_MAC, NULL, "Ethernet 6-byte MAC Address, example: 52:54:00:12:34:56", NULL },
    { "len-ports", QDEV_PROP_UINT32, NULL, NULL, "0" },
    { "name", QDEV_PROP_STR, NULL, NULL, NULL },
    { "switch_id", QDEV_PROP_UINT64, NULL, NULL, "0" },
    { "world", QDEV_PROP_STR, NULL, NULL, NULL },
    { NULL },
};

const QdevProp ne2k_isa_props[] = {
    { "iobase", QDEV_PROP_UINT32, NULL, NULL, "768" },
    { "irq", QDEV_PROP_UINT32, NULL, NULL, "9" },
    { NULL },
};

const QdevProp usb_net_props[] = {
    { "attached", QDEV_PROP_READONLY, "bool", NULL, NULL },
    { "msos-desc", QDEV_PROP_BOOL, NULL, "on/off", "true" },
    { "pcap", QDEV_PROP_STR, NULL, NULL, NULL },
    { "port", QDEV_PROP_STR, NULL, NULL, NULL },
    { "serial", QDEV_PROP_STR, NULL, NULL, NULL },
    { NULL },
};
