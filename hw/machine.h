/* machine.h: machine types and classes inside hw/: what a board is made of and how it builds its NICs. */
#ifndef QNET_HW_MACHINE_H
#define QNET_HW_MACHINE_H

#include <json-glib/json-glib.h>

#include "hw/core/bus.h"
#include "hw/machine-props.h"
#include "net/legacy.h"

typedef struct MachineState MachineState;

/* What a family of machine types (pc, q35, microvm, ...) does. */
typedef struct MachineClass {
    const MachineProp *const *props;     /* NULL-terminated groups */
    /* creates the buses and built-in devices; may read ms->opts */
    void (*init)(MachineState *ms);
    /* whether instantiating ctx->nics stops at a model=help; may be NULL */
    bool (*nic_help)(QnetContext *ctx, MachineState *ms, GString *out);
    /* instantiates ctx->nics; NULL: the machine creates none */
    bool (*create_nics)(QnetContext *ctx, MachineState *ms, Error **errp);
    const char *default_nic;             /* NULL: none */
} MachineClass;

/* One `-M help` entry. */
typedef struct MachineType {
    const char *name;          /* "pc-i440fx-7.2" */
    const char *alias;         /* "pc", or NULL */
    const char *desc;
    const MachineClass *cls;
    const char *default_nic;   /* NULL: the class's */
    bool is_default;
    const char *deprecation;   /* why it is deprecated, or NULL */
} MachineType;

struct MachineState {
    QnetContext *ctx;
    const MachineType *type;
    JsonObject *opts;          /* the merged -machine options (borrowed) */
    GPtrArray *buses;          /* HwBus *, creation order */
    bool default_devices;      /* QEMU's defaults (VGA) without -nodefaults */
    unsigned isa_nics;         /* on-board ne2k_isa NICs created so far */
};

/* The table of machine types, in `-M help` order, NULL name last. */
extern const MachineType machine_types[];

extern const MachineClass pc_i440fx_class;
extern const MachineClass pc_q35_class;
extern const MachineClass isapc_class;
extern const MachineClass microvm_class;
extern const MachineClass none_class;
extern const MachineClass x_remote_class;

/* The type named @name (or by its alias), or NULL. */
const MachineType *machine_type_find(const char *name);

/* The type used when -machine names none. */
const MachineType *machine_type_default(void);

/* A new machine of @type with its buses; @opts is borrowed. */
MachineState *machine_state_new(QnetContext *ctx, const MachineType *type,
                                JsonObject *opts);
void machine_state_free(MachineState *ms);

/* The machine of @ctx, creating the default one when none was chosen. */
MachineState *machine_get(QnetContext *ctx);

/* Adds a bus to @ms and returns it. */
HwBus *machine_add_bus(MachineState *ms, const char *name,
                       const char *type_name, QdevBusType type,
                       unsigned max_devices);

/* The first bus of kind @type, or NULL. */
HwBus *machine_find_bus_of_type(MachineState *ms, QdevBusType type);

/* A boolean machine option ("usb=on"), or @def when not given. */
bool machine_opt_bool(MachineState *ms, const char *name, bool def);

/* An OnOffAuto machine option, as on (1), off (0) or @def for auto/unset. */
bool machine_opt_on_off_auto(MachineState *ms, const char *name, bool def);

/* The default NIC model of @ms, or NULL. */
const char *machine_default_nic(const MachineState *ms);

#endif
