/* qdev.h: -device: creating devices from options, device lookup, help, and the hw state's lifetime. */
#ifndef QNET_HW_CORE_QDEV_H
#define QNET_HW_CORE_QDEV_H

#include <glib.h>
#include <stdbool.h>

#include "net/context.h"
#include "net/legacy.h"
#include "util/error.h"
#include "util/qemu-opts.h"

typedef struct DeviceState DeviceState;
typedef struct DeviceModel DeviceModel;

/*
 * Parses a -device argument into the context's "device" option list, as
 * QEMU does while reading its command line (errors: "Parameter 'id'
 * expects an identifier", "Duplicate ID 'x' for device", prefixed with
 * "-device ARG: ").  Short-form boolean warnings go to the log.  The
 * result belongs to the list; create the device later with
 * qdev_device_add_from_opts().
 */
QemuOpts *qdev_device_opts_parse(QnetContext *ctx, const char *arg,
                                 Error **errp);

/*
 * Creates and realizes the device @opts describes (driver=, bus=, id=,
 * properties), on the chosen machine (pc unless machine_select() said
 * otherwise).  A NIC joins the graph peered with its netdev=.  Errors are
 * QEMU's, prefixed with "-device ARG: " when @opts came from
 * qdev_device_opts_parse().
 */
bool qdev_device_add_from_opts(QnetContext *ctx, QemuOpts *opts,
                               Error **errp);

/* qdev_device_opts_parse() then qdev_device_add_from_opts(). */
bool qdev_device_add(QnetContext *ctx, const char *arg, Error **errp);

/*
 * If @arg asks for help ("help", "?", "e1000,help"), appends QEMU's text
 * to @out and returns true: the "Network devices:" list, or
 * "e1000 options:" and the properties.  A model qnet does not have sets
 * @errp as well ("Device 'foo' not found"), which belongs on stderr;
 * QEMU still exits 0 then.
 */
bool qdev_device_help_full(const char *arg, GString *out, Error **errp);

/* qdev_device_help_full() with any error appended to @out. */
bool qdev_device_help(const char *arg, GString *out);

/*
 * Creates an on-board NIC for the request @nd, as a board does: model
 * @model on the machine's bus of its kind, at PCI @devfn (-1: first free
 * slot), MAC and netdev from @nd, then @props ("name", "value", ...,
 * NULL) if given.  Marks @nd instantiated.
 */
DeviceState *qdev_create_onboard_nic(QnetContext *ctx,
                                     const DeviceModel *model, NICInfo *nd,
                                     int devfn, const char *const *props,
                                     Error **errp);

/* The device with id @id, or NULL. */
DeviceState *qdev_find(QnetContext *ctx, const char *id);

/* Frees the hw state of @ctx (devices, machine); NULL state is fine. */
void hw_state_free(QnetContext *ctx);

#endif
