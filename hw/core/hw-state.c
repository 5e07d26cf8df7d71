/* hw-state.c: the hw layer's state in a context (ctx->hw): devices, machine, -device options. */
#include "hw/core/hw-state.h"

#include "hw/core/qdev.h"
#include "hw/machine.h"
#include "net/context.h"

HwState *hw_state(QnetContext *ctx)
{
    if (!ctx->hw) {
        HwState *hw = g_new0(HwState, 1);
        hw->device_opts = qemu_opts_list_new("device", "driver");
        hw->locations = g_hash_table_new_full(NULL, NULL, NULL, g_free);
        hw->devices = g_ptr_array_new();
        hw->bootindexes = g_hash_table_new(NULL, NULL);
        hw->acpi_indexes = g_hash_table_new(NULL, NULL);
        ctx->hw = hw;
    }
    return ctx->hw;
}

void hw_state_free(QnetContext *ctx)
{
    HwState *hw = ctx->hw;
    if (!hw) {
        return;
    }
    /* Newest first, so that NICs leave the graph in reverse order. */
    for (guint i = hw->devices->len; i-- > 0;) {
        qdev_free(hw->devices->pdata[i]);
    }
    g_ptr_array_free(hw->devices, TRUE);
    machine_state_free(hw->machine);
    if (hw->machine_opts) {
        json_object_unref(hw->machine_opts);
    }
    g_hash_table_destroy(hw->locations);
    qemu_opts_list_free(hw->device_opts);
    g_hash_table_destroy(hw->bootindexes);
    g_hash_table_destroy(hw->acpi_indexes);
    g_free(hw);
    ctx->hw = NULL;
}
