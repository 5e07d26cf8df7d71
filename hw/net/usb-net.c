/* usb-net.c: the USB network device's realize check: its pcap= file. */
#include "hw/net/nic-models.h"

#include <stdio.h>

/* A pcap file header for USB packets (LINKTYPE_USB_LINUX_MMAPPED, 220). */
static const unsigned char usb_pcap_header[24] = {
    0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x40, 0x10, 0x00, 0x00, 0xdc, 0x00, 0x00, 0x00,
};

/*
 * pcap= makes QEMU log the device's USB packets; qnet has no USB traffic
 * yet, so the file gets QEMU's header and nothing more.
 */
bool usb_net_check(DeviceState *dev, Error **errp)
{
    const char *path = qdev_get_str(dev, "pcap");
    if (!path) {
        return true;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        error_setg(errp, "open %s failed", path);
        return false;
    }
    bool ok = fwrite(usb_pcap_header, sizeof(usb_pcap_header), 1, f) == 1;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        error_setg(errp, "open %s failed", path);
    }
    return ok;
}
