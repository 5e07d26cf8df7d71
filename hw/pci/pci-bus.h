/* pci-bus.h: the slots and functions of a PCI bus, placed with QEMU's rules and messages. */
#ifndef QNET_HW_PCI_PCI_BUS_H
#define QNET_HW_PCI_PCI_BUS_H

#include <stdbool.h>

#include "util/error.h"

#define PCI_SLOT_MAX 32
#define PCI_FUNC_MAX 8
#define PCI_DEVFN(slot, fn) ((slot) << 3 | (fn))
#define PCI_SLOT(devfn) ((devfn) >> 3)
#define PCI_FUNC(devfn) ((devfn) & 7)

typedef struct PciBus PciBus;

/* An empty bus.  Free with pci_bus_free() (NULL is allowed). */
PciBus *pci_bus_new(void);
void pci_bus_free(PciBus *bus);

/*
 * Places a function of type @type (QEMU's type name, for messages) and
 * device id @id (may be NULL) at @devfn, or at function 0 of the first
 * free slot when @devfn is -1.  Returns the devfn, or -1 with QEMU's
 * error ("PCI: slot 2 function 0 not available for e1000, in use by
 * e1000,id=(null)", "PCI: single function device can't be populated in
 * function 3.1", ...).  Built-in devices of a board are placed this way too.
 */
int pci_bus_claim(PciBus *bus, int devfn, const char *type, const char *id,
                  bool multifunction, Error **errp);

/* Frees the function at @devfn. */
void pci_bus_release(PciBus *bus, int devfn);

/* The type placed at @devfn, or NULL when it is free. */
const char *pci_bus_type_at(const PciBus *bus, int devfn);

/*
 * Parses a -net nic addr= ("[[domain:]bus:]slot", hex, root bus only) into
 * a devfn of function 0; returns -1 when it is invalid.
 */
int pci_parse_legacy_devaddr(const char *text);

#endif
