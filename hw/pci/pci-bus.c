/* pci-bus.c: the slots and functions of a PCI bus, placed with QEMU's rules and messages. */
#include "hw/pci/pci-bus.h"

#include <glib.h>
#include <stdlib.h>

typedef struct PciFunction {
    char *type;             /* NULL: free */
    char *id;
    bool multifunction;
} PciFunction;

struct PciBus {
    PciFunction fn[PCI_SLOT_MAX * PCI_FUNC_MAX];
};

PciBus *pci_bus_new(void)
{
    return g_new0(PciBus, 1);
}

void pci_bus_free(PciBus *bus)
{
    if (!bus) {
        return;
    }
    for (int i = 0; i < PCI_SLOT_MAX * PCI_FUNC_MAX; i++) {
        pci_bus_release(bus, i);
    }
    g_free(bus);
}

static int first_free_slot(const PciBus *bus)
{
    for (int devfn = 0; devfn < PCI_SLOT_MAX * PCI_FUNC_MAX;
         devfn += PCI_FUNC_MAX) {
        if (!bus->fn[devfn].type) {
            return devfn;
        }
    }
    return -1;
}

/* QEMU's multifunction rules for a new function at @devfn. */
static bool check_multifunction(const PciBus *bus, int devfn,
                                bool multifunction, Error **errp)
{
    int slot = PCI_SLOT(devfn);
    const PciFunction *f0 = &bus->fn[PCI_DEVFN(slot, 0)];

    if (PCI_FUNC(devfn)) {
        if (f0->type && !f0->multifunction) {
            error_setg(errp, "PCI: single function device can't be "
                       "populated in function %x.%x", slot, PCI_FUNC(devfn));
            return false;
        }
        return true;
    }
    if (multifunction) {
        return true;
    }
    for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
        if (bus->fn[PCI_DEVFN(slot, fn)].type) {
            error_setg(errp, "PCI: %x.0 indicates single function, but "
                       "%x.%x is already populated.", slot, slot, fn);
            return false;
        }
    }
    return true;
}

int pci_bus_claim(PciBus *bus, int devfn, const char *type, const char *id,
                  bool multifunction, Error **errp)
{
    if (devfn < 0) {
        devfn = first_free_slot(bus);
        if (devfn < 0) {
            error_setg(errp, "PCI: no slot/function available for %s, all "
                       "in use or reserved", type);
            return -1;
        }
    }
    PciFunction *f = &bus->fn[devfn];
    if (f->type) {
        /* QEMU prints a missing id as glibc prints NULL: "(null)". */
        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "in use by %s,id=%s", PCI_SLOT(devfn), PCI_FUNC(devfn),
                   type, f->type, f->id ? f->id : "(null)");
        return -1;
    }
    if (!check_multifunction(bus, devfn, multifunction, errp)) {
        return -1;
    }
    f->type = g_strdup(type);
    f->id = g_strdup(id);
    f->multifunction = multifunction;
    return devfn;
}

void pci_bus_release(PciBus *bus, int devfn)
{
    PciFunction *f = &bus->fn[devfn];
    g_clear_pointer(&f->type, g_free);
    g_clear_pointer(&f->id, g_free);
    f->multifunction = false;
}

const char *pci_bus_type_at(const PciBus *bus, int devfn)
{
    return bus->fn[devfn].type;
}

/* One hex field of a legacy address: strtoul() rules, as QEMU. */
static bool hex_field(const char **p, char stop, unsigned long *out)
{
    char *end;
    *out = strtoul(*p, &end, 16);
    if (end == *p || (*end && *end != stop)) {
        return false;
    }
    *p = *end ? end + 1 : end;
    return true;
}

int pci_parse_legacy_devaddr(const char *text)
{
    unsigned long v[3];
    int n = 0;
    const char *p = text;

    while (*p && n < 3) {
        if (!hex_field(&p, ':', &v[n++])) {
            return -1;
        }
        if (*p == '\0' && p[-1] == ':') {
            return -1;  /* trailing ':' */
        }
    }
    if (*p || n == 0) {
        return -1;
    }
    /* v[n-1] is the slot; domain and bus must be 0 (the root bus). */
    for (int i = 0; i < n - 1; i++) {
        if (v[i] != 0) {
            return -1;
        }
    }
    return v[n - 1] < PCI_SLOT_MAX ? PCI_DEVFN((int)v[n - 1], 0) : -1;
}
