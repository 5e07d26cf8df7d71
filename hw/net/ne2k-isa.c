/* ne2k-isa.c: the ISA NE2000's realize check. */
#include "hw/net/nic-models.h"

/* ISA has IRQs 0 to 15. */
#define ISA_NUM_IRQS 16

/* QEMU aborts on an IRQ past 15; qnet says why instead (docs/devices.md). */
bool ne2k_isa_check(DeviceState *dev, Error **errp)
{
    uint64_t irq = qdev_get_uint(dev, "irq");
    if (irq >= ISA_NUM_IRQS) {
        error_setg(errp, "ISA IRQ %u does not exist (0 to %d)", (unsigned)irq,
                   ISA_NUM_IRQS - 1);
        return false;
    }
    return true;
}
