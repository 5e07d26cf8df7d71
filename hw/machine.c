/* machine.c: a machine instance: its buses, its options, and the default machine. */
#include "hw/machine.h"

#include <string.h>

#include "hw/boards.h"
#include "hw/core/hw-state.h"
#include "net/context.h"

MachineState *machine_state_new(QnetContext *ctx, const MachineType *type,
                                JsonObject *opts)
{
    MachineState *ms = g_new0(MachineState, 1);
    ms->ctx = ctx;
    ms->type = type;
    ms->opts = opts;
    ms->buses = g_ptr_array_new_with_free_func((GDestroyNotify)hw_bus_free);
    ms->default_devices = !hw_state(ctx)->nodefaults;
    type->cls->init(ms);
    return ms;
}

void machine_state_free(MachineState *ms)
{
    if (ms) {
        g_ptr_array_free(ms->buses, TRUE);
        g_free(ms);
    }
}

MachineState *machine_get(QnetContext *ctx)
{
    HwState *hw = hw_state(ctx);
    if (!hw->machine) {
        hw->machine = machine_state_new(ctx, machine_type_default(), NULL);
    }
    return hw->machine;
}

void machine_set_nodefaults(QnetContext *ctx, bool nodefaults)
{
    hw_state(ctx)->nodefaults = nodefaults;
}

HwBus *machine_add_bus(MachineState *ms, const char *name,
                       const char *type_name, QdevBusType type,
                       unsigned max_devices)
{
    HwBus *bus = hw_bus_new(name, type_name, type, max_devices);
    g_ptr_array_add(ms->buses, bus);
    return bus;
}

HwBus *machine_find_bus_of_type(MachineState *ms, QdevBusType type)
{
    for (guint i = 0; i < ms->buses->len; i++) {
        HwBus *bus = ms->buses->pdata[i];
        if (bus->type == type) {
            return bus;
        }
    }
    return NULL;
}

/* The option's text, or NULL when not given (or not a string). */
static const char *opt_string(MachineState *ms, const char *name)
{
    if (!ms->opts || !json_object_has_member(ms->opts, name)) {
        return NULL;
    }
    JsonNode *node = json_object_get_member(ms->opts, name);
    return JSON_NODE_HOLDS_VALUE(node) ? json_node_get_string(node) : NULL;
}

static bool word_is_true(const char *v)
{
    return strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 ||
           strcmp(v, "true") == 0 || strcmp(v, "y") == 0;
}

bool machine_opt_bool(MachineState *ms, const char *name, bool def)
{
    const char *v = opt_string(ms, name);
    return v ? word_is_true(v) : def;
}

bool machine_opt_on_off_auto(MachineState *ms, const char *name, bool def)
{
    const char *v = opt_string(ms, name);
    if (!v || strcmp(v, "auto") == 0) {
        return def;
    }
    return strcmp(v, "on") == 0;
}

const char *machine_default_nic(const MachineState *ms)
{
    return ms->type->default_nic ? ms->type->default_nic
                                 : ms->type->cls->default_nic;
}
