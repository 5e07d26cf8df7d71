/* hw-state.h: the hw layer's state in a context (ctx->hw): devices, machine, -device options. */
#ifndef QNET_HW_CORE_HW_STATE_H
#define QNET_HW_CORE_HW_STATE_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "hw/core/device.h"
#include "util/qemu-opts.h"

typedef struct MachineState MachineState;

typedef struct HwState {
    QemuOptsList *device_opts;   /* "device": ids and "Duplicate ID" */
    GHashTable *locations;       /* QemuOpts * -> "-device <text>" */
    GPtrArray *devices;          /* DeviceState *, creation order */
    JsonObject *machine_opts;    /* the -machine options merged so far */
    MachineState *machine;       /* NULL until chosen or first needed */
    bool nodefaults;             /* -nodefaults: no default VGA */
    GHashTable *bootindexes;     /* boot indexes in use (GINT_TO_POINTER) */
    GHashTable *acpi_indexes;    /* PCI acpi-index values in use */
} HwState;

/* The hw state of @ctx, created on first use. */
HwState *hw_state(QnetContext *ctx);

#endif
