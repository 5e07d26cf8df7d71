/* usb-bus.c: the root ports of a machine's USB bus, as `-device usb-net,port=N` sees them. */
#include "hw/usb/usb-bus.h"

#include <glib.h>
#include <string.h>

struct UsbBus {
    unsigned nports;
    bool *used;             /* [nports], index port - 1 */
};

UsbBus *usb_bus_new(unsigned nports)
{
    UsbBus *bus = g_new0(UsbBus, 1);
    bus->nports = nports;
    bus->used = g_new0(bool, nports);
    return bus;
}

void usb_bus_free(UsbBus *bus)
{
    if (bus) {
        g_free(bus->used);
        g_free(bus);
    }
}

/* The root port named @port ("1".."N"), or 0. */
static unsigned root_port(const UsbBus *bus, const char *port)
{
    for (unsigned i = 1; i <= bus->nports; i++) {
        char name[16];
        g_snprintf(name, sizeof(name), "%u", i);
        if (strcmp(name, port) == 0) {
            return i;
        }
    }
    return 0;
}

int usb_bus_attach(UsbBus *bus, const char *bus_name, const char *port,
                   Error **errp)
{
    if (!port) {
        for (unsigned i = 0; i < bus->nports; i++) {
            if (!bus->used[i]) {
                bus->used[i] = true;
                return (int)i + 1;
            }
        }
        return 0;
    }
    unsigned p = root_port(bus, port);
    if (!p || bus->used[p - 1]) {
        error_setg(errp, "usb port %s (bus %s) not found (in use?)", port,
                   bus_name);
        return -1;
    }
    bus->used[p - 1] = true;
    return (int)p;
}

void usb_bus_detach(UsbBus *bus, int port)
{
    if (port > 0 && (unsigned)port <= bus->nports) {
        bus->used[port - 1] = false;
    }
}
