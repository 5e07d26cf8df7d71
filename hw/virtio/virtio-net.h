/* virtio-net.h: virtio-net devices (virtio-net-device, virtio-net-pci*): properties and realize checks. */
#ifndef QNET_HW_VIRTIO_VIRTIO_NET_H
#define QNET_HW_VIRTIO_VIRTIO_NET_H

#include "hw/core/device.h"

extern const QdevProp virtio_net_props[];       /* virtio-net-device's own */
extern const QdevProp virtio_pci_props[];       /* a virtio-pci proxy's */
extern const QdevProp virtio_pci_mode_props[];  /* disable-legacy/-modern */

/* Queue sizes QEMU accepts for rx_queue_size / tx_queue_size. */
#define VIRTIO_NET_QUEUE_MIN 256
#define VIRTIO_NET_QUEUE_MAX 1024

/*
 * virtio-net's realize checks, in QEMU's order: duplex=, speed=,
 * rx_queue_size=, tx_queue_size=, then the tx= warning.
 */
bool virtio_net_check(DeviceState *dev, Error **errp);

/* virtio-net-pci: legacy/modern modes first, then virtio_net_check(). */
bool virtio_net_pci_check(DeviceState *dev, Error **errp);

#endif
