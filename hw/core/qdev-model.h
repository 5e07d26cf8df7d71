/* qdev-model.h: what a device model declares: its name, bus, PCI identity, properties and hooks. */
#ifndef QNET_HW_CORE_QDEV_MODEL_H
#define QNET_HW_CORE_QDEV_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/core/qdev-prop.h"
#include "util/error.h"

typedef struct DeviceState DeviceState;

/* The kind of bus a device plugs into. */
typedef enum QdevBusType {
    QDEV_BUS_PCI,
    QDEV_BUS_ISA,
    QDEV_BUS_USB,
    QDEV_BUS_VIRTIO,
} QdevBusType;

/* A PCI function's identity (config space offsets 0x00, 0x08, 0x2c). */
typedef struct PciIds {
    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;          /* 0x0200 Ethernet, 0x0280 other network */
    uint16_t subsys_vendor_id;
    uint16_t subsys_id;
    bool express;               /* a PCI Express endpoint */
} PciIds;

/* A model hook; fails with QEMU's message. */
typedef bool DeviceHook(DeviceState *dev, Error **errp);

typedef struct DeviceModel {
    const char *name;
    const char *alias;          /* other accepted name, or NULL */
    const char *desc;           /* `-device help` description, or NULL */
    QdevBusType bus;
    PciIds pci;                 /* when bus is QDEV_BUS_PCI */
    const QdevProp *const *props;   /* property arrays, NULL-terminated */
    bool has_nic_conf;          /* mac=/netdev= fill a NICConf */
    /* checks of the model's own realize, after bus placement; may be NULL */
    DeviceHook *check;
    /* creates the frontend(s); NULL: one NIC without guest side */
    DeviceHook *realize;
} DeviceModel;

/* The declared property @name of @model, or NULL. */
const QdevProp *qdev_model_find_prop(const DeviceModel *model,
                                     const char *name);

/* True when @model declares a property @name. */
bool qdev_model_has_prop(const DeviceModel *model, const char *name);

#endif
