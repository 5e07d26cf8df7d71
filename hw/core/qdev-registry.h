/* qdev-registry.h: every device model qnet provides, by category, and the names it refuses. */
#ifndef QNET_HW_CORE_QDEV_REGISTRY_H
#define QNET_HW_CORE_QDEV_REGISTRY_H

#include "hw/core/qdev-model.h"

/* A `-device help` section: its title and its table of models. */
typedef struct QdevCategory {
    const char *title;              /* "Network devices" */
    const DeviceModel *models;      /* NULL name last */
} QdevCategory;

/* The categories in help order, NULL title last. */
extern const QdevCategory qdev_categories[];

/* The model named @name or aliased so, or NULL. */
const DeviceModel *qdev_registry_find(const char *name);

/* True for the devices QEMU has that are not network devices. */
bool qdev_registry_is_foreign(const char *name);

/*
 * Sets the error for a driver name qnet has no model for: qnet's
 * "'usb-mouse' is not a network device; qnet only provides network
 * devices" for QEMU's other devices, else QEMU's own messages
 * ("'foo' is not a valid device model name", ...).
 */
void qdev_registry_reject(const char *name, Error **errp);

#endif
