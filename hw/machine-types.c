/* machine-types.c: the table of x86 machine types QEMU 7.2 offers, in `-M help` order. */
#include <string.h>

#include "hw/machine.h"

#define PC_DESC "Standard PC (i440FX + PIIX, 1996)"
#define Q35_DESC "Standard PC (Q35 + ICH9, 2009)"
#define OLD_PC "old and unattended - use a newer version instead"

/* q35 machines up to 2.11 had e1000 as their default NIC, later e1000e. */
const MachineType machine_types[] = {
    {
        .name = "microvm", .desc = "microvm (i386)",
        .cls = &microvm_class,
    },
    {
        .name = "pc-i440fx-7.2", .alias = "pc", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
        .is_default = true,
    },
    {
        .name = "pc-i440fx-7.1", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-7.0", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-6.2", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-6.1", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-6.0", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-5.2", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-5.1", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-5.0", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-4.2", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-4.1", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-4.0", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-3.1", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-3.0", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.9", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.8", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.7", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.6", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.5", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.4", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.3", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.2", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.12", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.11", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.10", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.1", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-2.0", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
    },
    {
        .name = "pc-i440fx-1.7", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
        .deprecation = OLD_PC,
    },
    {
        .name = "pc-i440fx-1.6", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
        .deprecation = OLD_PC,
    },
    {
        .name = "pc-i440fx-1.5", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
        .deprecation = OLD_PC,
    },
    {
        .name = "pc-i440fx-1.4", .desc = PC_DESC,
        .cls = &pc_i440fx_class,
        .deprecation = OLD_PC,
    },
    {
        .name = "pc-q35-7.2", .alias = "q35", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-7.1", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-7.0", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-6.2", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-6.1", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-6.0", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-5.2", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-5.1", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-5.0", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-4.2", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-4.1", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-4.0.1", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-4.0", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-3.1", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-3.0", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-2.9", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.8", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.7", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.6", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.5", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.4", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.12", .desc = Q35_DESC,
        .cls = &pc_q35_class,
    },
    {
        .name = "pc-q35-2.11", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "pc-q35-2.10", .desc = Q35_DESC,
        .cls = &pc_q35_class,
        .default_nic = "e1000",
    },
    {
        .name = "isapc", .desc = "ISA-only PC",
        .cls = &isapc_class,
    },
    {
        .name = "none", .desc = "empty machine",
        .cls = &none_class,
    },
    {
        .name = "x-remote", .desc = "Experimental remote machine",
        .cls = &x_remote_class,
    },
    { NULL },
};

const MachineType *machine_type_find(const char *name)
{
    for (const MachineType *t = machine_types; t->name; t++) {
        if (strcmp(t->name, name) == 0 ||
            (t->alias && strcmp(t->alias, name) == 0)) {
            return t;
        }
    }
    return NULL;
}

const MachineType *machine_type_default(void)
{
    for (const MachineType *t = machine_types; t->name; t++) {
        if (t->is_default) {
            return t;
        }
    }
    return NULL;
}
