/* virtio-net.c: virtio-net devices (virtio-net-device, virtio-net-pci*): realize checks. */
#include "hw/virtio/virtio-net.h"

#include <string.h>

#include "net/context.h"

static bool queue_size_ok(uint64_t size)
{
    return size >= VIRTIO_NET_QUEUE_MIN && size <= VIRTIO_NET_QUEUE_MAX &&
           (size & (size - 1)) == 0;
}

static bool check_link_props(DeviceState *dev, Error **errp)
{
    const char *duplex = qdev_get_str(dev, "duplex");
    if (duplex && strcmp(duplex, "half") != 0 && strcmp(duplex, "full") != 0) {
        error_setg(errp, "'duplex' must be 'half' or 'full'");
        return false;
    }
    /* -1 means unknown speed */
    if (qdev_get_int(dev, "speed") < -1) {
        error_setg(errp, "'speed' must be between 0 and INT_MAX");
        return false;
    }
    return true;
}

static bool check_queue_sizes(DeviceState *dev, Error **errp)
{
    uint64_t rx = qdev_get_uint(dev, "rx_queue_size");
    uint64_t tx = qdev_get_uint(dev, "tx_queue_size");
    if (!queue_size_ok(rx)) {
        /* QEMU ends this one with a full stop, and not the next. */
        error_setg(errp, "Invalid rx_queue_size (= %u), must be a power of 2 "
                   "between %d and %d.", (unsigned)rx, VIRTIO_NET_QUEUE_MIN,
                   VIRTIO_NET_QUEUE_MAX);
        return false;
    }
    if (!queue_size_ok(tx)) {
        error_setg(errp, "Invalid tx_queue_size (= %u), must be a power of 2 "
                   "between %d and %d", (unsigned)tx, VIRTIO_NET_QUEUE_MIN,
                   VIRTIO_NET_QUEUE_MAX);
        return false;
    }
    return true;
}

bool virtio_net_check(DeviceState *dev, Error **errp)
{
    if (!check_link_props(dev, errp) || !check_queue_sizes(dev, errp)) {
        return false;
    }
    const char *tx = qdev_get_str(dev, "tx");
    if (tx && strcmp(tx, "timer") != 0 && strcmp(tx, "bh") != 0) {
        qnet_log(dev->ctx, QNET_LOG_WARNING, dev->location,
                 "virtio-net: Unknown option tx=%s, valid options: "
                 "\"timer\" \"bh\"\nDefaulting to \"bh\"", tx);
    }
    return true;
}

bool virtio_net_pci_check(DeviceState *dev, Error **errp)
{
    /* qnet has no PCIe ports, so "auto" always keeps legacy mode. */
    if (qdev_get_on_off_auto(dev, "disable-legacy") == QDEV_ON &&
        qdev_get_bool(dev, "disable-modern")) {
        error_setg(errp, "device cannot work as neither modern nor legacy "
                   "mode is enabled");
        error_append_hint(errp, "Set either disable-modern or disable-legacy "
                          "to off\n");
        return false;
    }
    return virtio_net_check(dev, errp);
}
