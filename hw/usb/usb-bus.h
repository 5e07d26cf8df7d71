/* usb-bus.h: the root ports of a machine's USB bus, as `-device usb-net,port=N` sees them. */
#ifndef QNET_HW_USB_USB_BUS_H
#define QNET_HW_USB_USB_BUS_H

#include <stdbool.h>

#include "util/error.h"

typedef struct UsbBus UsbBus;

/* A bus with @nports root ports.  Free with usb_bus_free() (NULL is fine). */
UsbBus *usb_bus_new(unsigned nports);
void usb_bus_free(UsbBus *bus);

/*
 * Attaches a device at @port ("1".."N") or, when @port is NULL, at the
 * first free root port; past those QEMU adds hubs, so that always works
 * (the result is then 0).  Returns the root port, 0 behind a hub, or -1
 * with "usb port 3 (bus usb-bus.0) not found (in use?)".
 */
int usb_bus_attach(UsbBus *bus, const char *bus_name, const char *port,
                   Error **errp);

/* Frees root port @port (0 is ignored). */
void usb_bus_detach(UsbBus *bus, int port);

#endif
