/* machine-props.h: -machine properties: their kinds, checking a value, and `-M TYPE,help` lines. */
#ifndef QNET_HW_MACHINE_PROPS_H
#define QNET_HW_MACHINE_PROPS_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "util/error.h"

typedef enum MachinePropKind {
    MACHINE_PROP_BOOL,
    MACHINE_PROP_ON_OFF_AUTO,
    MACHINE_PROP_STRING,
    MACHINE_PROP_ENUM,      /* one of @values */
    MACHINE_PROP_SIZE,      /* 64K, 1.5G, ... */
    MACHINE_PROP_INT,
    MACHINE_PROP_UINT64,
    MACHINE_PROP_OBJECT,    /* smp.cpus=, boot.order= */
    MACHINE_PROP_MEMORY,    /* memory.size= (QEMU fills it from -m) */
    MACHINE_PROP_ARRAY,     /* sgx-epc.0.memdev= */
    MACHINE_PROP_MEMDEV,    /* link to a memory backend object */
    MACHINE_PROP_CGS,       /* link to a confidential-guest-support object */
} MachinePropKind;

/* One property; arrays of them end with a NULL @name. */
typedef struct MachineProp {
    const char *name;
    MachinePropKind kind;
    const char *type_name;      /* as help prints it */
    const char *desc;           /* or NULL */
    const char *const *values;  /* ENUM: the accepted values */
} MachineProp;

extern const MachineProp machine_common_props[];
extern const MachineProp machine_x86_props[];
extern const MachineProp machine_pc_props[];
extern const MachineProp machine_microvm_props[];
extern const MachineProp machine_x_remote_props[];

/* The property @name among @groups (NULL-terminated), or NULL. */
const MachineProp *machine_prop_find(const MachineProp *const *groups,
                                     const char *name);

/*
 * Checks @value (a keyval leaf string or object) for @prop, with QEMU's
 * messages: "Parameter 'usb' expects 'on' or 'off'", "Parameter 'x'
 * expects size", "Invalid parameter type for 'smp', expected: object",
 * "Memory backend 'x' not found", ...
 */
bool machine_prop_check(const MachineProp *prop, JsonNode *value,
                        Error **errp);

/* Appends the sorted help lines of @groups. */
void machine_props_help(const MachineProp *const *groups, GString *out);

#endif
