/* nic-models.h: the NIC device models of QEMU's x86 machines, and their frontends. */
#ifndef QNET_HW_NET_NIC_MODELS_H
#define QNET_HW_NET_NIC_MODELS_H

#include <glib.h>

#include "hw/core/device.h"

/* The "Network devices" of `-device help`, in its order; NULL name last. */
extern const DeviceModel nic_models[];

/*
 * The model @name (exact name, or the legacy alias "virtio") when it can be an on-board NIC of
 * -net nic / -nic: a PCI network device with a netdev property, as QEMU's
 * pci_nic_init_nofail() accepts.  NULL otherwise.
 */
const DeviceModel *nic_model_find_onboard(const char *name);

/* Appends "Supported NIC models:" and the on-board models, one a line. */
void nic_models_help(GString *out);

/*
 * The realize hook of NIC models without a device model yet: one NIC
 * without guest side (nic-noguest.h) from dev->conf, named by the device
 * id, with QEMU's default MAC when mac= was not given.
 */
bool nic_realize_noguest(DeviceState *dev, Error **errp);

/* Hooks of individual models (each in its own file). */
bool pvrdma_check(DeviceState *dev, Error **errp);
bool rocker_check(DeviceState *dev, Error **errp);
bool rocker_realize(DeviceState *dev, Error **errp);
bool ne2k_isa_check(DeviceState *dev, Error **errp);
bool usb_net_check(DeviceState *dev, Error **errp);

#endif
